; Roster Prep: per-user Windows installer (no administrator rights, stock NSIS includes only).
;
; Compile (build.py does this after the smoke test):
;   makensis -WX -DVERSION=0.1.0 -DSRCDIR=..\dist\RosterPrep [-DOUTFILE=..\dist\RosterPrep-0.1.0-setup.exe] packaging\installer.nsi
; makensis works in this script's folder, so relative paths are relative to packaging\ (build.py
; passes absolute ones).
;
; Installs the one-folder PyInstaller build into %LOCALAPPDATA%\Programs\Roster Prep, adds a
; Start-menu shortcut and an entry in "Installed apps" (HKCU). The user's settings and logs live
; elsewhere (QSettings under HKCU\Software\Roster Prep, the log and data folder that Qt's
; AppDataLocation gives, %APPDATA%\Roster Prep\Roster Prep, and any cache under
; %LOCALAPPDATA%\Roster Prep): installing over an older version never touches them, and the
; uninstaller removes them only when the user ticks "Remove my settings and logs".

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Pass the program version: makensis -DVERSION=x.y.z"
!endif
!ifndef SRCDIR
  !error "Pass the built one-folder program: makensis -DSRCDIR=..\dist\RosterPrep"
!endif
; Windows version resources want four numbers; build.py passes them for versions like 1.2.0rc1.
!ifndef VIVERSION
  !define VIVERSION "${VERSION}.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "RosterPrep-${VERSION}-setup.exe"
!endif
!ifndef ICONFILE
  !define ICONFILE "../resources/icons/rosterprep.ico"
!endif
; QSettings on Windows: HKCU\Software\<organization name>\<application name>.
!ifndef SETTINGS_REGKEY
  !define SETTINGS_REGKEY "Software\Roster Prep"
!endif

!define APPNAME "Roster Prep"
!define EXENAME "RosterPrep.exe"
!define PUBLISHER "Roster Prep"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\RosterPrep"
; gui/app/startup.py names both organization and application "Roster Prep"; these are the organization
; folders Qt's AppDataLocation (roaming) and CacheLocation/AppLocalDataLocation (local) use.
!define DATADIR "$APPDATA\${APPNAME}"
!define LOCALDATADIR "$LOCALAPPDATA\${APPNAME}"

Name "${APPNAME}"
Caption "${APPNAME} ${VERSION} Setup"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
; An upgrade goes where the previous version went, even if the user chose another folder then.
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICONFILE}"
!define MUI_UNICON "${ICONFILE}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXENAME}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APPNAME} now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APPNAME} Setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT License"

; A running copy holds its files open; ask the user to close it rather than half-replacing them.
!macro WAIT_UNTIL_CLOSED FILE
  ${DoWhile} ${FileExists} "${FILE}"
    ClearErrors
    Delete "${FILE}"
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    ${If} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APPNAME} is open. Close it, then choose Retry." /SD IDCANCEL IDCANCEL`
      Abort "${APPNAME} is still open."
    ${EndIf}
  ${Loop}
!macroend

Section "${APPNAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"

  ; Upgrade: remove the previous version's program files first, so no stale library from an older
  ; build is loaded beside the new ones. Only our own files; settings are not in this folder.
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\${EXENAME}"
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\rosterprep-cli.exe"
  RMDir /r "$INSTDIR\_internal"

  File /r "${SRCDIR}\*.*"

  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXENAME}" "" "$INSTDIR\${EXENAME}" 0

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXENAME},0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.${APPNAME}" UnSecMain
  SectionIn RO
  SetShellVarContext current
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\${EXENAME}"
  !insertmacro WAIT_UNTIL_CLOSED "$INSTDIR\rosterprep-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Uninstall.exe"
  ; Not /r: anything the user put in the folder stays, and so does the folder then.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd

; Off unless the user ticks it (and never in a silent uninstall): settings survive a reinstall.
Section /o "un.Remove my settings and logs" UnSecSettings
  SetShellVarContext current
  RMDir /r "${DATADIR}"
  RMDir /r "${LOCALDATADIR}"
  DeleteRegKey HKCU "${SETTINGS_REGKEY}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecMain} "The program files, the Start-menu shortcut and the uninstall entry."
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecSettings} "Also delete your ${APPNAME} settings, recent files list and logs. Your roster files are never touched."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
