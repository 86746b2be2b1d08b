import { afterEach, describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import RoomPanel from "./RoomPanel.svelte";
import { AppState } from "../lib/app-state.svelte";
import { scoring, scoringDetail, SESSION_ID } from "../test/fixtures";
import type { RoomStatus } from "../bindings/RoomStatus";

afterEach(() => clearMocks());

const status = (joined: boolean): RoomStatus => ({
  session_id: SESSION_ID,
  open: true,
  address: "http://192.168.1.20:8765",
  links: [
    { stakeholder_id: "s1", name: "Ana", url: "http://192.168.1.20:8765/s/aa", qr: ["1010", "0101", "1100", "0011"] },
    { stakeholder_id: "s2", name: "Bo", url: "http://192.168.1.20:8765/s/bb", qr: ["1010", "0101", "1100", "0011"] },
  ],
  participants: [
    { stakeholder_id: "s1", joined, seen_seconds_ago: joined ? 1 : null },
    { stakeholder_id: "s2", joined: false, seen_seconds_ago: null },
  ],
});

describe("RoomPanel", () => {
  it("opens the room on the chosen network and shows each person's code and progress", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    app.scoring = scoring();
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "get_room") return null;
      if (cmd === "list_room_addresses")
        return [
          { ip: "192.168.1.20", interface: "wlan0", loopback: false },
          { ip: "127.0.0.1", interface: "lo", loopback: true },
        ];
      if (cmd === "open_room") return status(true);
      return null;
    });
    render(RoomPanel, { app, detail: scoringDetail });
    await userEvent.click(await screen.findByTestId("open-room"));
    // The laptop's network is chosen by default, not loopback and never "all interfaces".
    expect((screen.getByDisplayValue("192.168.1.20") as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByTestId("confirm-open-room"));
    const open = calls.find(([cmd]) => cmd === "open_room")!;
    expect(open[1]).toMatchObject({ sessionId: SESSION_ID, address: "192.168.1.20", port: null, idleMinutes: 120 });
    expect(await screen.findByTestId("qr-grid")).toHaveTextContent("http://192.168.1.20:8765/s/aa");
    expect(screen.getAllByRole("img", { name: /QR code of/ })).toHaveLength(2);
    expect(screen.getByTestId("room-people")).toHaveTextContent("Ana joined");
    expect(screen.getByTestId("room-people")).toHaveTextContent("Bo not joined yet");
  });

  it("refuses a port that is not one, without opening anything", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "list_room_addresses") return [{ ip: "127.0.0.1", interface: "lo", loopback: true }];
      return null;
    });
    render(RoomPanel, { app, detail: scoringDetail });
    await userEvent.click(await screen.findByTestId("open-room"));
    await userEvent.type(screen.getByLabelText("Port"), "70000");
    await userEvent.click(screen.getByTestId("confirm-open-room"));
    expect(await screen.findByRole("alert")).toHaveTextContent("1 to 65535");
    expect(calls).not.toContain("open_room");
  });
});
