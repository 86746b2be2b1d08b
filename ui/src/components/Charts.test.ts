import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import BarChart from "./BarChart.svelte";
import HeatMap from "./HeatMap.svelte";
import Tornado from "./Tornado.svelte";

// The pictures are hidden from screen readers; each chart carries a table with its numbers.
describe("charts for a screen reader", () => {
  it("the bar chart's table holds every total and flag", () => {
    render(BarChart, {
      label: "Weighted total of each option, 0 to 100",
      bars: [
        { label: "Microservices", value: 80, highlight: true },
        { label: "Monolithic", value: 67.5, flag: "fails a must-have" },
        { label: "Serverless", value: null },
      ],
    });
    expect(screen.getByTestId("bar-chart")).toHaveAttribute("aria-hidden", "true");
    const table = screen.getByRole("table", { name: "Weighted total of each option, 0 to 100" });
    const rows = within(table).getAllByRole("row").map((r) => r.textContent);
    expect(rows).toEqual(["OptionTotal of 100", "Microservices80.0", "Monolithic67.5 — fails a must-have", "Serverlessno scores yet"]);
  });

  it("the tornado's table says each driver's threshold and who would win", () => {
    render(Tornado, {
      fragileBelow: 5,
      rows: [
        { label: "Scalability", threshold: -14.1, rival: "Monolithic" },
        { label: "Security", threshold: null, rival: null },
      ],
    });
    const table = screen.getByRole("table", { name: /Weight change/ });
    const rows = within(table).getAllByRole("row").map((r) => r.textContent);
    expect(rows.slice(1)).toEqual(["Scalability-14.1 pointsMonolithic", "Securitycannot change the winner–"]);
  });

  it("the heat map's table has a cell per driver and option", () => {
    render(HeatMap, {
      label: "Disagreement per cell",
      rows: ["Scalability"],
      cols: ["Monolithic", "Microservices"],
      cells: [
        { row: 0, col: 0, mean: 2, spread: 0, detail: "mean 2.0, spread 0.0" },
        { row: 0, col: 1, mean: 4.5, spread: 0.5, detail: "mean 4.5, spread 0.5" },
      ],
    });
    const table = screen.getByRole("table", { name: "Disagreement per cell" });
    expect(within(table).getByRole("row", { name: /Scalability/ })).toHaveTextContent("Scalabilitymean 2.0, spread 0.0mean 4.5, spread 0.5");
  });
});
