import { LitElement, html } from 'lit';
import { Localizer } from '../../i18n/index.js';
import type { DeviceChoice } from '../../events.js';
import { base } from '../../styles.js';
import { devicePreviewStyles } from './device-preview.styles.js';

/**
 * Camera preview, microphone level and device pickers before joining. It
 * opens the devices when it is connected, so it is only ever created by a
 * click (`<parlor-prejoin>` loads it on "check camera and microphone"), and
 * it closes them when removed.
 *
 * @tagname parlor-device-preview
 * @summary Check camera and microphone.
 * @event parlor-preview-close - The person ended the check.
 * @csspart video - The camera preview.
 * @csspart meter - The microphone level.
 */
export class ParlorDevicePreview extends LitElement {
  static override styles = [base, devicePreviewStyles];
  static override properties = {
    localizer: { attribute: false },
    choice: { state: true },
    devices: { state: true },
    level: { state: true },
    failed: { state: true },
  };

  localizer = new Localizer();
  /** The devices picked, by `deviceId`. */
  choice: DeviceChoice = {};
  private devices: MediaDeviceInfo[] = [];
  private level = 0;
  private failed = false;
  #stream: MediaStream | undefined;
  #audio: AudioContext | undefined;
  #frame = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  /** Closes the camera and microphone. */
  stop(): void {
    cancelAnimationFrame(this.#frame);
    for (const t of this.#stream?.getTracks() ?? []) t.stop();
    this.#stream = undefined;
    void this.#audio?.close().catch(() => {});
    this.#audio = undefined;
  }

  async #open() {
    this.stop();
    const { videoinput, audioinput } = this.choice;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: videoinput ? { deviceId: { exact: videoinput } } : true,
        audio: audioinput ? { deviceId: { exact: audioinput } } : true,
      });
      if (!this.isConnected) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      this.#stream = stream;
      this.failed = false;
      this.choice = {
        videoinput: stream.getVideoTracks()[0]?.getSettings().deviceId ?? videoinput,
        audioinput: stream.getAudioTracks()[0]?.getSettings().deviceId ?? audioinput,
      };
      this.devices = await navigator.mediaDevices.enumerateDevices();
      await this.updateComplete;
      const video = this.renderRoot.querySelector('video');
      if (video) video.srcObject = stream;
      this.#meter(stream);
    } catch {
      this.failed = true;
    }
  }

  #meter(stream: MediaStream) {
    if (!stream.getAudioTracks().length) return;
    this.#audio = new AudioContext();
    const analyser = this.#audio.createAnalyser();
    analyser.fftSize = 256;
    this.#audio.createMediaStreamSource(stream).connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const tick = () => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128) / 128);
      this.level = Math.round(peak * 100) / 100;
      this.#frame = requestAnimationFrame(tick);
    };
    tick();
  }

  #pick(kind: 'videoinput' | 'audioinput', e: Event) {
    this.choice = { ...this.choice, [kind]: (e.target as HTMLSelectElement).value };
    void this.#open();
  }

  #select(kind: 'videoinput' | 'audioinput', label: string) {
    const list = this.devices.filter((d) => d.kind === kind);
    return html`<label>
      ${label}
      <select @change=${(e: Event) => this.#pick(kind, e)}>
        ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === this.choice[kind]}>${d.label || `${label} ${i + 1}`}</option>`)}
      </select>
    </label>`;
  }

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    return html`
      <strong>${t('previewTitle')}</strong>
      ${this.failed ? html`<p class="error" role="alert">${t('previewFailed')}</p>` : null}
      <video part="video" autoplay playsinline muted aria-label=${t('previewTitle')}></video>
      <meter part="meter" min="0" max="1" .value=${this.level} aria-label=${t('micLevel')}></meter>
      ${this.#select('videoinput', t('cameraLabel'))} ${this.#select('audioinput', t('microphoneLabel'))}
      <button type="button" @click=${this.#close}>${t('stopPreview')}</button>
    `;
  }

  #close() {
    this.stop();
    this.dispatchEvent(new Event('parlor-preview-close', { bubbles: true, composed: true }));
  }
}
