/**
 * Installment plans. On the paylink page a debtor chooses one of the plans the creditor's rules
 * allow (see `planOptions`); the plan is stored with its schedule — the first installment a week
 * later, then monthly — the case leaves its flows (runs exit `installment_plan`, queued
 * messages are cancelled) and is paused. Payments count towards the installments in order, from
 * whatever source; the paylink then collects the next installment. A few days after each due
 * date `check_installment` looks: not paid, the plan is broken and the case goes back into
 * dunning — into the flow the rules name, else the flow it left for the plan, from the start.
 */
import { installmentSchedule, planOptions, type ScheduledInstallment } from '@collectflow/shared';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { recordCaseEvent } from '../cases/case-events.ts';
import { lockCaseHolds, pauseCase, resumeCase } from '../cases/case-pause.ts';
import { inTransaction, type Pool, type Queryable } from '../db/pool.ts';
import { enrolMatchingCases } from '../enrolment/enrol-cases.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { DomainError } from '../errors/domain-error.ts';
import { endActiveRuns } from '../flows/end-runs.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import { queueCaseMessage } from '../outbox/queue-case-message.ts';
import { findPaylinkCase } from '../paylinks/paylinks.ts';
import { caseSelfService } from '../self-service/case-self-service.ts';
import { amountDueMinor, loadCaseFacts } from '../templates/load-message-facts.ts';

/** The first installment is due this many days after the plan is agreed. */
export const firstInstallmentInDays = 7;
/** An installment not paid this many days after its due date is missed (bank transfers take a day or two). */
export const installmentGraceDays = 3;
export const checkInstallmentTaskName = 'check_installment';
export const remindInstallmentTaskName = 'remind_installment';
/** Reminders go out at this hour (UTC) of their day: mid-morning in Europe. */
const reminderHourUtc = 8;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

export interface PlanInstallment extends ScheduledInstallment {
  status: 'open' | 'paid' | 'missed';
}

export interface ActivePlan {
  id: string;
  totalMinor: number;
  installments: PlanInstallment[];
  /** Paid towards the plan since it was agreed. */
  paidMinor: number;
  /** The first installment not paid yet, with what is still open of it; null when all are paid. */
  next: (PlanInstallment & { openMinor: number }) | null;
}

/** The first due date of a plan agreed today. */
export const firstDueDate = (today: string) => addDays(today, firstInstallmentInDays);

export async function agreePlan(
  pool: Pool,
  token: string,
  count: number,
  today = isoDay(new Date()),
): Promise<{ planId: string; installments: ScheduledInstallment[] }> {
  const found = await findPaylinkCase(pool, token);
  if (!found) throw new DomainError('NOT_FOUND', 'This payment link does not exist.');
  const { workspaceId, caseId } = found;
  return inTransaction(pool, async (client) => {
    const current = await lockCaseHolds(client, workspaceId, caseId);
    if (!current || (current.status !== 'open' && current.status !== 'paused')) {
      throw new DomainError('CONFLICT', 'This case is settled; there is nothing left to pay.');
    }
    if (current.planned) throw new DomainError('CONFLICT', 'You already pay in installments.');
    if (current.promised) {
      throw new DomainError('CONFLICT', `You have promised to pay by ${current.promised}; a plan is not possible now.`);
    }
    const facts = (await loadCaseFacts(client, workspaceId, [caseId])).get(caseId)!;
    const totalMinor = amountDueMinor(facts);
    const { rules } = await caseSelfService(client, workspaceId, caseId);
    const allowed = rules.installments ? planOptions(totalMinor, rules.installments) : [];
    if (!allowed.some((option) => option.count === count)) {
      throw new DomainError('BAD_REQUEST', 'Choose one of the plans offered.', { field: 'count' });
    }
    const installments = installmentSchedule(totalMinor, count, firstDueDate(today));
    const { rows: plans } = await client.query<{ id: string }>(
      `insert into installment_plans (workspace_id, case_id, total_minor, currency) values ($1, $2, $3, $4) returning id`,
      [workspaceId, caseId, totalMinor, facts.currency],
    );
    const planId = plans[0]!.id;
    await client.query(
      `insert into installments (workspace_id, plan_id, seq, due_date, amount_minor)
       select $5, $1, * from unnest($2::smallint[], $3::date[], $4::bigint[])`,
      [
        planId,
        installments.map((one) => one.seq),
        installments.map((one) => one.dueDate),
        installments.map((one) => one.amountMinor),
        workspaceId,
      ],
    );
    // The case leaves dunning: no flow reminds a debtor who keeps to their plan.
    await endActiveRuns(client, workspaceId, { caseId }, 'installment_plan');
    await pauseCase(client, workspaceId, caseId);
    await recordCaseEvent(client, {
      workspaceId,
      caseId,
      type: 'plan.agreed',
      source: 'debtor',
      payload: { planId, count, totalMinor, currency: facts.currency, installments: installments as never },
    });
    const reminder = rules.installments?.reminder ?? null;
    for (const installment of installments) {
      if (reminder) {
        // A reminder whose day has passed already (the first installment, a long lead) goes today.
        const day = addDays(installment.dueDate, -reminder.daysBefore);
        const sendDay = [today, day].sort().at(-1)!;
        const at = new Date(`${sendDay}T${String(reminderHourUtc).padStart(2, '0')}:00:00Z`);
        await client.query(
          `select graphile_worker.add_job($1, json_build_object('planId', $2::text, 'seq', $3::int),
                                          run_at := greatest($4::timestamptz, now()),
                                          job_key := 'installment-reminder:' || $2::text || ':' || $3::text)`,
          [remindInstallmentTaskName, planId, installment.seq, at.toISOString()],
        );
      }
      await client.query(
        `select graphile_worker.add_job($1, json_build_object('planId', $2::text, 'seq', $3::int),
                                        run_at := $4::timestamptz, job_key := 'installment:' || $2::text || ':' || $3::text)`,
        [
          checkInstallmentTaskName,
          planId,
          installment.seq,
          `${addDays(installment.dueDate, installmentGraceDays + 1)}T00:00:00Z`,
        ],
      );
    }
    return { planId, installments };
  });
}

/** The case's active plan with what is paid of it; null when it has none. */
export async function activePlanOf(db: Queryable, workspaceId: string, caseId: string): Promise<ActivePlan | null> {
  const { rows } = await db.query<{
    id: string;
    total_minor: number;
    paid_minor: number;
    installments: { seq: number; dueDate: string; amountMinor: number; status: PlanInstallment['status'] }[];
  }>(
    `select p.id, p.total_minor,
            (select coalesce(sum(pay.amount_minor - pay.unapplied_minor), 0) from payments pay
              where pay.workspace_id = p.workspace_id and pay.case_id = p.case_id
                and pay.created_at >= p.created_at) as paid_minor,
            (select json_agg(json_build_object('seq', i.seq, 'dueDate', i.due_date, 'amountMinor', i.amount_minor,
                                               'status', i.status) order by i.seq)
               from installments i where i.plan_id = p.id) as installments
       from installment_plans p
      where p.workspace_id = $1 and p.case_id = $2 and p.status = 'active'`,
    [workspaceId, caseId],
  );
  const row = rows[0];
  if (!row) return null;
  const paidMinor = Number(row.paid_minor);
  let dueSoFar = 0;
  let next: ActivePlan['next'] = null;
  const installments = row.installments.map((one) => ({ ...one, amountMinor: Number(one.amountMinor) }));
  for (const installment of installments) {
    dueSoFar += installment.amountMinor;
    if (!next && paidMinor < dueSoFar) {
      next = { ...installment, openMinor: Math.min(installment.amountMinor, dueSoFar - paidMinor) };
    }
  }
  return { id: row.id, totalMinor: Number(row.total_minor), installments, paidMinor, next };
}

/**
 * What a paylink asks for under a plan: the installment the link belongs to (`seq`, from an
 * installment's own paylink) while anything of it is open, else the next installment due.
 */
export function installmentToPay(
  plan: ActivePlan,
  seq: number | null,
): { seq: number; dueDate: string; openMinor: number } | null {
  let covered = 0;
  for (const installment of plan.installments) {
    covered += installment.amountMinor;
    if (installment.seq !== seq) continue;
    const openMinor = Math.max(0, Math.min(installment.amountMinor, covered - plan.paidMinor));
    if (openMinor > 0) return { seq, dueDate: installment.dueDate, openMinor };
  }
  return plan.next ? { seq: plan.next.seq, dueDate: plan.next.dueDate, openMinor: plan.next.openMinor } : null;
}

/**
 * After a payment of a case (in its transaction): marks the installments it covered as paid,
 * and the plan completed when all are.
 */
export async function recordPlanProgress(db: Queryable, workspaceId: string, caseId: string): Promise<void> {
  const plan = await activePlanOf(db, workspaceId, caseId);
  if (!plan) return;
  let dueSoFar = 0;
  for (const installment of plan.installments) {
    dueSoFar += installment.amountMinor;
    if (installment.status !== 'open' || plan.paidMinor < dueSoFar) continue;
    await db.query(`update installments set status = 'paid', paid_at = now() where plan_id = $1 and seq = $2`, [
      plan.id,
      installment.seq,
    ]);
    await recordCaseEvent(db, {
      workspaceId,
      caseId,
      type: 'installment.paid',
      source: 'system',
      payload: { planId: plan.id, seq: installment.seq },
    });
  }
  if (plan.paidMinor >= plan.totalMinor) {
    await db.query(`update installment_plans set status = 'completed', ended_at = now() where id = $1`, [plan.id]);
    await recordCaseEvent(db, {
      workspaceId,
      caseId,
      type: 'plan.completed',
      source: 'system',
      payload: { planId: plan.id },
    });
  }
}

/**
 * Looks at an installment after its grace days: paid, nothing happens; not paid, the plan is
 * broken and the case goes back into dunning. Returns what it decided (null: nothing to do).
 */
export async function checkInstallment(
  pool: Pool,
  definitions: FlowDefinitions,
  planId: string,
  seq: number,
  now = new Date(),
): Promise<'paid' | 'missed' | null> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{
      workspace_id: string;
      case_id: string;
      status: string;
      due_date: string;
      case_status: string;
    }>(
      `select p.workspace_id, p.case_id, i.status, i.due_date::text, c.status::text as case_status
         from installment_plans p join installments i on i.plan_id = p.id and i.seq = $2
         join cases c on c.workspace_id = p.workspace_id and c.id = p.case_id
        where p.id = $1 and p.status = 'active' for update of p, c`,
      [planId, seq],
    );
    const installment = rows[0];
    if (!installment) return null;
    if (installment.status === 'paid') return 'paid';
    if (installment.case_status !== 'open' && installment.case_status !== 'paused') {
      // Settled or closed some other way: the plan has nothing left to do.
      await client.query(`update installment_plans set status = $2, ended_at = now() where id = $1`, [
        planId,
        installment.case_status === 'paid' ? 'completed' : 'cancelled',
      ]);
      return null;
    }
    const { workspace_id: workspaceId, case_id: caseId } = installment;
    await client.query(`update installments set status = 'missed' where plan_id = $1 and seq = $2`, [planId, seq]);
    await client.query(`update installment_plans set status = 'broken', ended_at = now() where id = $1`, [planId]);
    await recordCaseEvent(client, {
      workspaceId,
      caseId,
      type: 'installment.missed',
      source: 'system',
      payload: { planId, seq, dueDate: installment.due_date },
    });
    // An open dispute keeps the case paused: its new runs hold until an agent resolves it.
    await resumeCase(client, workspaceId, caseId);
    const { rules } = await caseSelfService(client, workspaceId, caseId);
    // The flow the rules name, else the flow the case left for the plan (from its start).
    const { rows: left } = await client.query<{ flow_id: string }>(
      `select flow_id from runs where workspace_id = $1 and case_id = $2 and exit_reason = 'installment_plan'
        order by finished_at desc limit 1`,
      [workspaceId, caseId],
    );
    const flowId = rules.installments?.missedFlowId ?? left[0]?.flow_id ?? null;
    const enrolled = flowId
      ? await enrolIntoFlow(client, definitions, workspaceId, flowId, caseId, now)
      : await enrolIntoActiveFlows(client, definitions, workspaceId, [caseId], now);
    await recordCaseEvent(client, {
      workspaceId,
      caseId,
      type: 'plan.broken',
      source: 'system',
      payload: { planId, seq, flowId, runsStarted: enrolled },
    });
    return 'missed';
  });
}

/**
 * Reminds the debtor of an installment a few days before it is due (the template and connector
 * of the rules in force now): unless it is paid already, the plan ended, or a dispute holds the
 * case. Returns what it did.
 */
export async function remindInstallment(
  pool: Pool,
  planId: string,
  seq: number,
): Promise<'queued' | 'failed' | 'skipped'> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ workspace_id: string; case_id: string; status: string; disputed: boolean }>(
      `select p.workspace_id, p.case_id, i.status,
              exists (select 1 from disputes d where d.workspace_id = p.workspace_id and d.case_id = p.case_id
                        and d.status = 'open') as disputed
         from installment_plans p join installments i on i.plan_id = p.id and i.seq = $2
        where p.id = $1 and p.status = 'active' for update of p`,
      [planId, seq],
    );
    const found = rows[0];
    if (found?.status !== 'open' || found.disputed) return 'skipped';
    const { workspace_id: workspaceId, case_id: caseId } = found;
    const plan = await activePlanOf(client, workspaceId, caseId);
    // Paid in advance (a payment covered this installment without marking it yet): nothing to remind.
    if (!plan?.next || plan.next.seq > seq) return 'skipped';
    const { rules } = await caseSelfService(client, workspaceId, caseId);
    const reminder = rules.installments?.reminder;
    if (!reminder) return 'skipped';
    const queued = await queueCaseMessage(client, {
      workspaceId,
      caseId,
      template: reminder.template,
      connector: reminder.connector,
      context: { planId, seq, purpose: 'installment_reminder' },
    });
    return queued.queued ? 'queued' : 'failed';
  });
}

/** Enters the case into one flow from its start, whatever its entry segment and re-entry rule say. */
async function enrolIntoFlow(
  db: Queryable,
  definitions: FlowDefinitions,
  workspaceId: string,
  flowId: string,
  caseId: string,
  now: Date,
): Promise<number> {
  const { rows } = await db.query<{ current_version: number }>(
    `select current_version from flows where workspace_id = $1 and id = $2 and status = 'active'`,
    [workspaceId, flowId],
  );
  // The flow named in the rules was archived since: the active flows take the case instead.
  if (!rows[0]) return enrolIntoActiveFlows(db, definitions, workspaceId, [caseId], now);
  const definition = await definitions.get(db, workspaceId, flowId, rows[0].current_version);
  return enrolMatchingCases(
    db,
    {
      workspaceId,
      flowId,
      version: rows[0].current_version,
      entry: { ...definition.entry.data, segment: null, reEntry: 'afterExit' },
      timezone: definition.graph.settings.timezone,
    },
    { caseIds: [caseId], now },
  );
}

const CheckInstallmentPayload = z.object({ planId: z.uuid(), seq: z.number().int().min(1) });

export const remindInstallmentTask =
  (pool: Pool): Task =>
  async (payload) => {
    const { planId, seq } = CheckInstallmentPayload.parse(payload);
    await remindInstallment(pool, planId, seq);
  };

export const checkInstallmentTask =
  (pool: Pool, definitions: FlowDefinitions): Task =>
  async (payload) => {
    const { planId, seq } = CheckInstallmentPayload.parse(payload);
    await checkInstallment(pool, definitions, planId, seq);
  };
