// The room (Rust: commands/room.rs over the archdecide-room server): the addresses to choose
// from, open (the room's notices arrive through a channel), status, a re-issued link, close.
import { Channel } from "@tauri-apps/api/core";
import { call } from "./ipc";
import type { RoomAddress } from "../bindings/RoomAddress";
import type { RoomNotice } from "../bindings/RoomNotice";
import type { RoomStatus } from "../bindings/RoomStatus";

type NoticeHandler = (notice: RoomNotice) => void;
const handlers = new Set<NoticeHandler>();

/** Hears every room's notices (joined, changed, closed) while subscribed. */
export function onRoomNotice(handler: NoticeHandler): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

export const listRoomAddresses = () => call<RoomAddress[]>("list_room_addresses");

/** `idleMinutes`: closes the room after that long without a participant's request (0: never). */
export function openRoom(sessionId: string, address: string, port: number | null, idleMinutes: number) {
  const onNotice = new Channel<RoomNotice>();
  onNotice.onmessage = (notice) => handlers.forEach((handler) => handler(notice));
  return call<RoomStatus>("open_room", { sessionId, address, port, idleMinutes, onNotice });
}

export const getRoom = (sessionId: string) => call<RoomStatus | null>("get_room", { sessionId });

export const reissueRoomLink = (sessionId: string, stakeholderId: string) =>
  call<RoomStatus>("reissue_room_link", { sessionId, stakeholderId });

export const closeRoom = (sessionId: string) => call<null>("close_room", { sessionId });
