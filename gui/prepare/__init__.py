"""The "Prepare Renaissance import" wizard and its pages."""
