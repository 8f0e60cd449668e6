// Chunk loaded when someone clicks "check camera and microphone" on the pre-join card.
import { defineElement } from './define.js';
import { ParlorDevicePreview } from './elements/device-preview/device-preview.js';

defineElement('parlor-device-preview', ParlorDevicePreview);
