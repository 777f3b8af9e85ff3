/**
 * `pnpm bench`: Collectflow's throughput against raw graphile-worker on the same database, in
 * the same run (these machines are noisy; ratios travel, absolute figures do not).
 *
 *   BENCH_CASES         cases through the benchmark flow (default 100000)
 *   BENCH_ENROL_CASES   cases for the segment enrolment (default 1000000)
 *   BENCH_CONCURRENCY   jobs at once, baseline and Collectflow alike (default 10)
 *   BENCH_RENDERS       e-mails rendered for the template benchmark (default 5000)
 *   BENCH_EMAILS        e-mails through the outbox to the SMTP double (default 5000)
 *   BENCH_SMS           SMS through the outbox to the Sinch double (default 5000)
 *   BENCH_LETTERS       letters through the outbox to PDF (default 500)
 *   BENCH_PAYMENTS      cases paid through Pay now and the Mollie double (default 1000)
 *   BENCH_IMPORT_ROWS   rows of the CSV import (default 1000000)
 *   BENCH_ANALYTICS_CASES  cases of simulated history under the dashboard (default 1000000)
 *   BENCH_ML_WEEKS      simulated weeks of the best-channel benchmark (default 12)
 *   BENCH_ML_CASES_PER_DAY  new cases per simulated day (default 250)
 *
 * `pnpm bench dashboard` runs only the dashboard benchmark, `pnpm bench ml` only the
 * best-channel policy against its baselines.
 */

import { demoBrand } from '../src/demo/demo-workspace.ts';
import { measureNoopJobsPerSecond } from './baseline-noop.ts';
import { openBenchDatabase, report } from './bench-database.ts';
import { measureCaseSearch } from './case-search.ts';
import { measureChannelThroughput } from './channel-throughput.ts';
import { measureCsvImport } from './csv-import.ts';
import { measureDashboard } from './dashboard.ts';
import { measureFlowThroughput, percentile } from './flow-throughput.ts';
import { measureMl } from './ml.ts';
import { measurePayNow } from './pay-now.ts';
import { measureEnrolment } from './segment-enrolment.ts';
import { measureTemplateRendering } from './template-rendering.ts';

const cases = Number(process.env.BENCH_CASES ?? 100_000);
const enrolCases = Number(process.env.BENCH_ENROL_CASES ?? 1_000_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const localQueueSize = 500;
const renders = Number(process.env.BENCH_RENDERS ?? 5000);
const channelCounts = {
  emails: Number(process.env.BENCH_EMAILS ?? 5000),
  sms: Number(process.env.BENCH_SMS ?? 5000),
  letters: Number(process.env.BENCH_LETTERS ?? 500),
};
const payments = Number(process.env.BENCH_PAYMENTS ?? 1000);
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const analyticsCases = Number(process.env.BENCH_ANALYTICS_CASES ?? 1_000_000);
const mlWeeks = Number(process.env.BENCH_ML_WEEKS ?? 12);
const mlCasesPerDay = Number(process.env.BENCH_ML_CASES_PER_DAY ?? 250);
const only = process.argv[2] ?? null;

const database = await openBenchDatabase();
try {
  process.stdout.write(
    `Benchmarking on ${database.describe}, concurrency ${concurrency}, local queue ${localQueueSize}\n`,
  );
  if (only === 'dashboard') await benchDashboard();
  else if (only === 'ml') await benchMl();
  else await benchEverything();
} finally {
  await database.close();
}

async function benchEverything(): Promise<void> {
  const baseline = await measureNoopJobsPerSecond(database.pool, { jobs: 100_000, concurrency, localQueueSize });
  report('graphile_worker_noop_jobs', baseline, 'jobs/s', 'baseline: 100,000 no-op jobs');

  const flow = await measureFlowThroughput(database.pool, { cases, concurrency, localQueueSize });
  report(
    'flow_enrol_cases',
    cases / flow.enrolSeconds,
    'cases/s',
    `enrolling ${cases.toLocaleString('en-US')} cases before the run`,
  );
  report(
    'flow_cases',
    flow.casesPerSecond,
    'cases/s',
    `${cases.toLocaleString('en-US')} cases in ${flow.seconds.toFixed(1)} s`,
  );
  report('flow_cases_vs_baseline', flow.casesPerSecond / baseline, '× baseline', 'target ≥ 0.10');
  report(
    'payment_to_exit_p50',
    percentile(flow.paymentLatenciesMs, 0.5),
    'ms',
    `${flow.paymentLatenciesMs.length} payments during the load`,
  );
  report('payment_to_exit_p99', percentile(flow.paymentLatenciesMs, 0.99), 'ms', 'target ≤ 100');

  const enrolment = await measureEnrolment(database.pool, enrolCases);
  const note = `${enrolment.matched.toLocaleString('en-US')} of ${enrolment.cases.toLocaleString('en-US')} cases match`;
  report('enrol_segment_sql', enrolment.sqlSeconds, 's', `${note}; target ≤ 60`);
  report('enrol_segment_js_row_by_row', enrolment.jsSeconds, 's', 'same rule, json-logic-js per row, same inserts');
  report('enrol_segment_sql_speedup', enrolment.jsSeconds / enrolment.sqlSeconds, '×');
  const caseSearch = await measureCaseSearch(database.pool, enrolment.workspaceId, enrolment.flowId, enrolCases);
  report(
    'case_list_baseline_p50',
    caseSearch.baselineP50Ms,
    'ms',
    `baseline: first 50 of ${enrolCases.toLocaleString('en-US')} cases by primary key`,
  );
  for (const search of caseSearch.searches) {
    report(
      `case_search_${search.name}_p50`,
      search.p50Ms,
      'ms',
      `p95 ${search.p95Ms.toFixed(1)} ms, ${(search.p50Ms / caseSearch.baselineP50Ms).toFixed(1)}× baseline, ${search.total.toLocaleString('en-US')} found; target < 1000`,
    );
  }

  const rendering = await measureTemplateRendering(
    { ...demoBrand, id: '00000000-0000-4000-8000-000000000000' },
    renders,
  );
  report(
    'liquid_bare_render',
    rendering.bareLiquidPerSecond,
    'renders/s',
    'baseline: plain LiquidJS, same HTML and data',
  );
  report('email_render', rendering.emailsPerSecond, 'e-mails/s', 'branded friendly reminder, HTML and plain text');
  report('email_render_html_only', rendering.withoutTextPerSecond, 'e-mails/s', 'the same without the plain-text part');
  report('email_render_vs_bare_liquid', rendering.emailsPerSecond / rendering.bareLiquidPerSecond, '× baseline');

  const channels = await measureChannelThroughput(database.pool, channelCounts);
  const count = (value: number) => value.toLocaleString('en-US');
  report('nodemailer_bare_send', channels.email.barePerSecond, 'e-mails/s', 'baseline: one fixed e-mail, same pool');
  report(
    'email_send',
    channels.email.perSecond,
    'e-mails/s',
    `${count(channelCounts.emails)} through outbox → render → SMTP double`,
  );
  report('email_send_vs_bare_nodemailer', channels.email.perSecond / channels.email.barePerSecond, '× baseline');
  report('sinch_sdk_bare_send', channels.sms.barePerSecond, 'SMS/s', 'baseline: one fixed SMS, bare SDK, same double');
  report(
    'sms_send',
    channels.sms.perSecond,
    'SMS/s',
    `${count(channelCounts.sms)} through outbox → render → Sinch SDK → double`,
  );
  report('sms_send_vs_bare_sdk', channels.sms.perSecond / channels.sms.barePerSecond, '× baseline');
  report(
    'chromium_bare_pdf',
    channels.letter.barePerSecond,
    'letters/s',
    'baseline: one fixed letter, same pages at once',
  );
  report(
    'letter_pdf',
    channels.letter.perSecond,
    'letters/s',
    `${count(channelCounts.letters)} through outbox → render → PDF in the print folder`,
  );
  report('letter_pdf_vs_bare_chromium', channels.letter.perSecond / channels.letter.barePerSecond, '× baseline');

  const payNow = await measurePayNow(database.pool, payments, concurrency);
  report(
    'case_payment_bare',
    payNow.barePerSecond,
    'payments/s',
    `baseline: status sync alone, ${count(payments)} cases paid in full, ${concurrency} at once`,
  );
  report(
    'pay_now',
    payNow.perSecond,
    'payments/s',
    `${count(payments)} cases: Pay now → Mollie double → webhook → fetch → settled`,
  );
  report('pay_now_vs_bare', payNow.perSecond / payNow.barePerSecond, '× baseline');
  report('pay_now_settle_p50', percentile(payNow.settleMs, 0.5), 'ms', '"Paid" at Mollie → case settled');
  report('pay_now_settle_p99', percentile(payNow.settleMs, 0.99), 'ms');

  const csvImport = await measureCsvImport(database.pool, importRows);
  report(
    'postgres_copy_csv',
    csvImport.copyRowsPerSecond,
    'rows/s',
    'baseline: the same file into a bare table by COPY',
  );
  report(
    'csv_import',
    csvImport.rowsPerSecond,
    'rows/s',
    `${count(importRows)} rows in ${csvImport.seconds.toFixed(1)} s (checked, upserted, cases opened); target ≤ 60 s`,
  );
  report('csv_import_vs_copy', csvImport.rowsPerSecond / csvImport.copyRowsPerSecond, '× baseline');

  await benchDashboard();
  await benchMl();
}

async function benchMl(): Promise<void> {
  const options = {
    seed: 2026,
    days: mlWeeks * 7,
    casesPerDay: mlCasesPerDay,
    rewardWindowDays: 7,
    explorationRate: 0.1,
  };
  const ml = await measureMl(database.pool, options);
  const cases = (options.days * options.casesPerDay).toLocaleString('en-US');
  process.stdout.write(
    `Best channel: ${cases} simulated cases over ${mlWeeks} weeks, one reminder each, paid within 7 days\n`,
  );
  const best = ml.policies[1]!;
  for (const policy of ml.policies) {
    const key = policy.name
      .replace(/[^a-z]+/gi, '_')
      .replace(/^_|_$/g, '')
      .toLowerCase();
    report(
      `ml_${key}_payment_rate`,
      policy.paymentRate * 100,
      '%',
      `${(policy.paymentRate / best.paymentRate).toFixed(3)}× (b); mean ${policy.meanDaysToPay.toFixed(2)} days to pay; messages €${policy.costPerCase.toFixed(3)} per case; collected less costs €${policy.netPerCase.toFixed(2)} per case`,
    );
  }
  const learned = ml.policies.find((policy) => policy.name.startsWith('(d)'))!;
  const random = ml.policies[2]!;
  const weeks = (values: number[]) => values.map((value) => (value * 100).toFixed(2)).join(' ');
  process.stdout.write(
    `bench ml_regret_per_week_bestchannel: ${weeks(learned.weeklyRegret)}  (percentage points of payment rate below the oracle, week 1 → ${mlWeeks})\n`,
  );
  process.stdout.write(`bench ml_regret_per_week_uniform_random: ${weeks(random.weeklyRegret)}\n`);
  const lastWeeks = learned.weeklyRegret.slice(-4);
  report(
    'ml_regret_last_4_weeks',
    (lastWeeks.reduce((sum, value) => sum + value, 0) / lastWeeks.length) * 100,
    'pp',
    `first week ${(learned.weeklyRegret[0]! * 100).toFixed(2)} pp`,
  );
  report(
    'ml_decision_p50',
    ml.decisionP50Ms,
    'ms',
    `p95 ${ml.decisionP95Ms.toFixed(2)} ms; ${(ml.decisionP50Ms / ml.baselineP50Ms).toFixed(2)}× baseline`,
  );
  report('ml_decision_baseline_p50', ml.baselineP50Ms, 'ms', "baseline: reading the case's segment facts");
  report(
    'ml_training_p50',
    ml.trainingP50Ms,
    'ms',
    `max ${ml.trainingMaxMs.toFixed(0)} ms; ${ml.modelVersions} model versions`,
  );
  report(
    'ml_last_model_auc',
    ml.lastModel.auc ?? Number.NaN,
    '',
    `${ml.lastModel.sampleSize.toLocaleString('en-US')} messages; held-out log loss ${ml.lastModel.logLoss?.toFixed(4)} vs base rate ${ml.lastModel.baseRateLogLoss?.toFixed(4)}`,
  );
}

async function benchDashboard(): Promise<void> {
  const dashboard = await measureDashboard(database.pool, analyticsCases);
  report(
    'dashboard_history_seed',
    dashboard.seedSeconds,
    's',
    `${dashboard.cases.toLocaleString('en-US')} cases, ${dashboard.messages.toLocaleString('en-US')} messages, ${dashboard.events.toLocaleString('en-US')} events simulated`,
  );
  report('analytics_rebuild', dashboard.rebuildSeconds, 's', 'every run recomputed (the nightly cron)');
  report('analytics_refresh_idle', dashboard.idleRefreshMs, 'ms', 'the minutely cron with nothing new');
  report('dashboard_baseline_p50', dashboard.baselineP50Ms, 'ms', "baseline: counting the year's runs by index");
  for (const timing of dashboard.timings) {
    report(
      `${timing.name}_p50`,
      timing.p50Ms,
      'ms',
      `p95 ${timing.p95Ms.toFixed(1)} ms, ${(timing.p50Ms / dashboard.baselineP50Ms).toFixed(2)}× baseline; target < 1000`,
    );
  }
}
