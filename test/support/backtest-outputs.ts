/** Every output of a backtest, as `entente backtest` writes them (for byte-for-byte checks). */
import type { BacktestResult } from "../../src/analysis/backtest.js";
import {
  renderBacktestCsv,
  renderBacktestMarkdown,
  renderBacktestTable,
  renderPerIssueCsv,
} from "../../src/analysis/backtest-report.js";

/** Every output of a backtest, as the command writes them. */
export function backtestOutputs(result: BacktestResult): string[] {
  return [
    JSON.stringify(result, null, 2),
    renderBacktestTable(result),
    renderBacktestCsv(result),
    renderBacktestMarkdown(result, { command: "`entente backtest`" }),
    renderPerIssueCsv(result),
  ];
}
