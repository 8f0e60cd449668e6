// The host page's own script: an invite link (?invite=…) gives its role to the room.
const invite = new URLSearchParams(location.search).get('invite');
if (invite) document.querySelector('parlor-room')?.setAttribute('invite', invite);
