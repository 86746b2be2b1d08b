import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { createSession, updateSession } from "./sessions";
import { ApiError } from "./ipc";
import { detail } from "../test/fixtures";

afterEach(() => clearMocks());

describe("api/sessions", () => {
  it("sends the command name and arguments Rust expects", async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return detail();
    });
    await createSession({ title: "T" });
    await updateSession("id-1", { field: "title", value: "New" });
    expect(calls).toEqual([
      ["create_session", { new: { title: "T" } }],
      ["update_session", { id: "id-1", edit: { field: "title", value: "New" } }],
    ]);
  });

  it("turns a refused command into an ApiError with code and field", async () => {
    mockIPC(() => {
      throw { code: "invalid_input", message: "Title is required", field: "title" };
    });
    const error = await createSession({ title: "" }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "invalid_input", message: "Title is required", field: "title" });
  });
});
