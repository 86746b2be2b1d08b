import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import OptionsStep from "./OptionsStep.svelte";
import { AppState } from "../lib/app-state.svelte";
import { catalog, scoringDetail } from "../test/fixtures";
import type { Guidance } from "../bindings/Guidance";

afterEach(() => clearMocks());

function mount(guidance: Guidance) {
  const app = new AppState();
  app.catalog = catalog;
  app.detail = scoringDetail;
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd === "use_case_guidance") return guidance;
    return [];
  });
  render(OptionsStep, { app, detail: scoringDetail });
  return calls;
}

describe("OptionsStep", () => {
  it("marks the architectures whose use cases match what the team builds, quoting the match", async () => {
    const streaming = { use_case: "streaming_service", label: "A video streaming service", quote: "Streaming" };
    const calls = mount({
      described: [{ use_case: "streaming_service", label: "A video streaming service", from_notes: false }],
      architectures: [{ option_id: null, catalog_key: "microservices", name: "Microservices", matches: [streaming] }],
      options: [
        { option_id: "o1", catalog_key: "microservices", name: "Microservices", matches: [streaming] },
        { option_id: "o2", catalog_key: "monolithic", name: "Monolithic", matches: [] },
      ],
    });
    expect(await screen.findByTestId("guidance-building")).toHaveTextContent("You said you are building: A video streaming service.");
    const card = screen.getByTestId("catalog-card-microservices");
    expect(within(card).getByRole("list", { name: "Suits what you are building" })).toHaveTextContent("Suits a video streaming service: “Streaming”");
    const [first, second] = screen.getAllByTestId("option-matches");
    expect(first).toHaveTextContent("“Streaming”");
    expect(second).toHaveTextContent("None of its use cases matches what you are building.");
    expect(calls).toContain("use_case_guidance");
  });

  it("asks for what the team builds when nothing is said yet, and marks nothing", async () => {
    mount({
      described: [],
      architectures: [{ option_id: null, catalog_key: "microservices", name: "Microservices", matches: [] }],
      options: [],
    });
    expect(await screen.findByTestId("guidance-none")).toHaveTextContent("Say what you are building in the Frame step");
    expect(screen.queryByRole("list", { name: "Suits what you are building" })).toBeNull();
    expect(screen.queryByTestId("option-matches")).toBeNull();
  });

  it("asks for the guidance again only when what it matches changes", async () => {
    const app = new AppState();
    app.catalog = catalog;
    app.detail = scoringDetail;
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "use_case_guidance") return { described: [], architectures: [], options: [] };
      return [];
    });
    const { rerender } = render(OptionsStep, { app, detail: scoringDetail });
    await screen.findByTestId("guidance-none");
    const asked = () => calls.filter((c) => c === "use_case_guidance").length;
    expect(asked()).toBe(1);
    const definitionTyped = { ...scoringDetail, options: scoringDetail.options.map((o, i) => (i === 0 ? { ...o, definition: "Small." } : o)) };
    await rerender({ app, detail: definitionTyped });
    expect(asked()).toBe(1);
    const useCaseEdited = { ...scoringDetail, options: scoringDetail.options.map((o, i) => (i === 0 ? { ...o, use_cases: ["Shops"] } : o)) };
    await rerender({ app, detail: useCaseEdited });
    await vi.waitFor(() => expect(asked()).toBe(2));
  });
});
