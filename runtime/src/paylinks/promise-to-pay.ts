/**
 * Promise to pay: on their paylink page a debtor promises to pay by a date within the
 * creditor's limit (`promiseMaxDays` of the self-service rules, 30 days unless set). The case pauses — its flows hold and
 * its queued messages wait — until the day after that date, when `check_promise` looks again:
 * paid, the promise was kept; not paid, it was broken (`promise.broken`) and the flows go on.
 */
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { recordCaseEvent } from '../cases/case-events.ts';
import { lockCaseHolds, pauseCase, resumeCase } from '../cases/case-pause.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { caseSelfService } from '../self-service/case-self-service.ts';
import { findPaylinkCase } from './paylinks.ts';

export const checkPromiseTaskName = 'check_promise';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

/** The dates a debtor may choose today: from tomorrow to `maxDays` ahead. */
export function promiseWindow(today: string, maxDays: number): { earliest: string; latest: string } {
  return { earliest: addDays(today, 1), latest: addDays(today, maxDays) };
}

export async function makePromise(
  pool: Pool,
  token: string,
  date: string,
  today = isoDay(new Date()),
): Promise<{ date: string }> {
  const found = await findPaylinkCase(pool, token);
  if (!found) throw new DomainError('NOT_FOUND', 'This payment link does not exist.');
  const { rules } = await caseSelfService(pool, found.workspaceId, found.caseId);
  const { earliest, latest } = promiseWindow(today, rules.promiseMaxDays);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < earliest || date > latest) {
    throw new DomainError('BAD_REQUEST', `Choose a date from ${earliest} to ${latest}.`, { field: 'date' });
  }
  return inTransaction(pool, async (client) => {
    const current = await lockCaseHolds(client, found.workspaceId, found.caseId);
    if (!current || (current.status !== 'open' && current.status !== 'paused')) {
      throw new DomainError('CONFLICT', 'This case is settled; there is nothing left to promise.');
    }
    if (current.promised) {
      throw new DomainError('CONFLICT', `You have already promised to pay by ${current.promised}.`);
    }
    if (current.planned) throw new DomainError('CONFLICT', 'You pay in installments; pay the next one by its date.');
    const { rows: created } = await client.query<{ id: string }>(
      'insert into promises (workspace_id, case_id, promised_date) values ($1, $2, $3) returning id',
      [found.workspaceId, found.caseId, date],
    );
    await pauseCase(client, found.workspaceId, found.caseId);
    await recordCaseEvent(client, {
      workspaceId: found.workspaceId,
      caseId: found.caseId,
      type: 'promise.made',
      source: 'debtor',
      payload: { promiseId: created[0]!.id, date },
    });
    // Looked at again the day after the promised date.
    await client.query(
      `select graphile_worker.add_job($1, json_build_object('promiseId', $2::text), run_at := $3::timestamptz,
                                      job_key := 'promise:' || $2::text)`,
      [checkPromiseTaskName, created[0]!.id, `${addDays(date, 1)}T00:00:00Z`],
    );
    return { date };
  });
}

/** Keeps or breaks a promise whose date has passed; returns what it decided (null: nothing to do). */
export async function checkPromise(pool: Pool, promiseId: string): Promise<'kept' | 'broken' | null> {
  return inTransaction(pool, async (client: PoolClient) => {
    const { rows } = await client.query<{ workspace_id: string; case_id: string; date: string; case_status: string }>(
      `select p.workspace_id, p.case_id, p.promised_date::text as date, c.status::text as case_status
         from promises p join cases c on c.workspace_id = p.workspace_id and c.id = p.case_id
        where p.id = $1 and p.status = 'open' for update of p, c`,
      [promiseId],
    );
    const promise = rows[0];
    if (!promise) return null;
    const kept = promise.case_status === 'paid' || promise.case_status === 'closed';
    const outcome = kept ? 'kept' : 'broken';
    await client.query(`update promises set status = $2, resolved_at = now() where id = $1`, [promiseId, outcome]);
    const { workspace_id: workspaceId, case_id: caseId } = promise;
    await recordCaseEvent(client, {
      workspaceId,
      caseId,
      type: `promise.${outcome}`,
      source: 'system',
      payload: { promiseId, date: promise.date },
    });
    // The flows held while the case was paused go on now (unless a dispute holds it).
    if (!kept) await resumeCase(client, workspaceId, caseId);
    return outcome;
  });
}

const CheckPromisePayload = z.object({ promiseId: z.uuid() });

export const checkPromiseTask =
  (pool: Pool): Task =>
  async (payload) => {
    await checkPromise(pool, CheckPromisePayload.parse(payload).promiseId);
  };
