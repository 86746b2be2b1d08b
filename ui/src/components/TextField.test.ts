import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import TextField from "./TextField.svelte";

describe("TextField", () => {
  it("says so when its length limit stops the typing, instead of cutting silently", async () => {
    const saved: string[] = [];
    render(TextField, { label: "Name", value: "", maxlength: 5, save: async (v: string) => void saved.push(v), testid: "name" });
    await userEvent.type(screen.getByTestId("name"), "abcd");
    expect(screen.queryByTestId("name-limit")).toBeNull();
    await userEvent.type(screen.getByTestId("name"), "efgh");
    expect((screen.getByTestId("name") as HTMLInputElement).value).toBe("abcde");
    expect(screen.getByTestId("name-limit")).toHaveTextContent("At most 5 characters: anything past that is not taken.");
  });
});
