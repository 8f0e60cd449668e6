// The script-tag entry: defines <parlor-room> and its pre-join card. Everything
// else loads on demand from chunks next to this file.
import { defineElement } from './define.js';
import { ParlorRoom } from './elements/room/room.js';
import { ParlorPrejoin } from './elements/prejoin/prejoin.js';

defineElement('parlor-prejoin', ParlorPrejoin);
defineElement('parlor-room', ParlorRoom);
