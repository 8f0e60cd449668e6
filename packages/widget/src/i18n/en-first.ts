/**
 * The English strings the pre-join card needs. They ship in the small first
 * file; the rest of the English catalogue (`en.ts`) loads with the room.
 */
export const enFirst = {
  title: 'Live room',
  screenNameLabel: 'Screen name',
  screenNameHint: 'Pick a nickname. Please don’t use your real name.',
  screenNameInvalid: 'Use 2–32 letters, digits, spaces, dots, dashes or apostrophes.',
  continue: 'Continue',
  loading: 'Loading…',
  watch: 'Watch',
  watchIntro: 'Watch the live broadcast. No camera or microphone needed.',
  checkDevices: 'Check camera and microphone',
  errorTitle: 'Something went wrong',
  tryAgain: 'Try again',
  // the device check, opened from the pre-join card before the room's code loads
  previewTitle: 'Camera and microphone check',
  cameraLabel: 'Camera',
  microphoneLabel: 'Microphone',
  stopPreview: 'Stop the check',
  previewFailed: 'Could not open the camera or microphone.',
  micLevel: 'Microphone level',
};
