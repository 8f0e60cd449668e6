/**
 * English texts for errors, one per ParlorError `code` (`error_<code>`). They
 * load on their own, when the person continues past the pre-join card, not
 * with the room's code: until then (or for a code not listed here) the
 * error's own English message shows. Other languages carry these keys in
 * their catalogue.
 */
export const enErrors = {
  error_bad_request: 'Something in the request was not right. Check it and try again.',
  error_unauthorized: 'You need to sign in to do that.',
  error_forbidden: 'You are not allowed to do that.',
  error_not_found: 'That could not be found.',
  error_conflict: 'That is already happening. Wait a moment and try again.',
  error_token_rejected: 'The room refused your access. Try joining again.',
  error_consent_required: 'Please answer the privacy questions first.',
  error_consent_outdated: 'The privacy terms have changed. Review and accept them again.',
  error_not_agreed: 'That person has not yet agreed to all that going live here needs (being on camera and, in a room that is or may be recorded, being recorded). They can agree from their own controls.',
  error_consent_replaced: 'Your privacy answers were changed or withdrawn in another window. To answer them here, join the room again.',
  error_under_age: 'Sorry, this service is not available to you.',
  error_banned: 'You cannot join this room.',
  error_kicked: 'A moderator removed you from the room.',
  error_room_full: 'This room is full right now. Try again later.',
  error_room_locked: 'This room is locked right now.',
  error_invalid_invite: 'This invite link is invalid or has expired.',
  error_invalid_room: 'This room\'s name is not valid, so it cannot be opened. The link or the page may be wrong.',
  error_screen_name_rejected: 'That screen name is not allowed. Pick another one.',
  error_screen_name_reserved: 'Names that look like staff (Admin, Moderator, Host…) are kept for the room’s staff. Pick another one.',
  error_screen_name_taken: 'Someone in the room already goes by that name. Pick another one.',
  error_rate_limited: 'You are going too fast. Wait a moment and try again.',
  error_rate_limited_wait: { one: 'You are going too fast. Try again in {count} second.', other: 'You are going too fast. Try again in {count} seconds.' },
  error_payload_too_large: 'That is too large to send.',
  error_message_too_large: 'That message is too long. Shorten it and send it again.',
  error_camera_denied: 'Camera or microphone access was blocked. Allow it in the browser to go on camera.',
  error_no_device: 'No usable camera or microphone was found.',
  error_network: 'The connection to the room failed. Check your connection and try again.',
  error_server_unreachable: 'Could not reach the server. Check your connection and try again.',
  error_server_error: 'Something went wrong on the server. Try again later.',
  error_not_connected: 'You are not in the room.',
  error_not_allowed: 'You cannot do that here.',
  error_audio_blocked: 'The browser did not let the sound play. Click or press a key to try again.',
  error_aborted: 'That was cancelled.',
  error_vetoed: 'This site did not allow that.',
};
