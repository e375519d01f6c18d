import jsonLogic from 'json-logic-js';
import { ValidationError, type FieldError } from '../../../core/errors.js';
import { isLocalDate } from '../../../core/calendar/index.js';
import type { Workflow, WorkflowAction, WorkflowInput } from './schema.js';

/**
 * The workflow engine, free of I/O: which actions a person may take now, and whether the input of
 * one is complete. The service (service.ts) loads the case, asks here, and carries out the effects.
 */

export type WorkflowRole = 'caseWorker' | 'teamLead' | 'system' | 'applicant';

/** What guards and timer conditions see. */
export interface GuardData {
  answers: Record<string, unknown>;
  case: { state: string; kind: 'case' | 'involvement'; result: string | null; feeCents: number | null };
  authority: { kind: string; key: string };
  input?: Record<string, unknown>;
}

export function holds(logic: unknown, data: GuardData): boolean {
  if (logic === undefined) return true;
  return Boolean(jsonLogic.apply(logic as jsonLogic.RulesLogic, data as unknown as Record<string, unknown>));
}

export type Refusal = 'cases.action.unknown' | 'cases.action.notInState' | 'cases.action.notForRole' | 'cases.action.guard';

/** Why the action may not be taken now, or null when it may. */
export function refusalOf(workflow: Workflow, name: string, roles: readonly WorkflowRole[], data: GuardData): Refusal | null {
  const action = Object.hasOwn(workflow.actions, name) ? workflow.actions[name] : undefined;
  if (!action) return 'cases.action.unknown';
  if (!action.from.includes(data.case.state)) return 'cases.action.notInState';
  const allowed = roles.includes('system')
    ? true
    : !action.system && (action.roles.some((role) => roles.includes(role)) || (action.actor === 'applicant' && roles.includes('applicant')));
  if (!allowed) return 'cases.action.notForRole';
  if (!holds(action.guard, data)) return 'cases.action.guard';
  return null;
}

/** The actions offered to a person with these roles now, in the order the workflow lists them. */
export function availableActions(workflow: Workflow, roles: readonly WorkflowRole[], data: GuardData): { name: string; action: WorkflowAction }[] {
  return Object.entries(workflow.actions)
    .filter(([name]) => refusalOf(workflow, name, roles, data) === null)
    .map(([name, action]) => ({ name, action }));
}

export function isTerminal(workflow: Workflow, state: string): boolean {
  return workflow.states[state]?.terminal === true;
}

export type InputValues = Record<string, string | number>;

function inputValue(input: WorkflowInput, raw: unknown, errors: FieldError[]): string | number | undefined {
  const pointer = `/input/${input.name}`;
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (!text) {
    if (input.required !== false) errors.push({ pointer, code: 'forms.required' });
    return undefined;
  }
  const max = input.maxLength ?? (input.type === 'textarea' ? 10_000 : 500);
  if (text.length > max) return void errors.push({ pointer, code: 'forms.text.tooLong', params: { max } });
  switch (input.type) {
    case 'date':
      return isLocalDate(text) ? text : void errors.push({ pointer, code: 'cases.input.date' });
    case 'choice':
      return input.options!.some((o) => o.value === text) ? text : void errors.push({ pointer, code: 'cases.input.choice' });
    case 'money': {
      const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
      if (!match) return void errors.push({ pointer, code: 'cases.input.money' });
      return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
    }
    default:
      return text;
  }
}

/** The action's inputs, typed (money in cents), or a ValidationError naming each bad one as `/input/<name>`. */
export function parseInputs(action: WorkflowAction, raw: Readonly<Record<string, unknown>>): InputValues {
  const errors: FieldError[] = [];
  const values: InputValues = {};
  for (const input of action.inputs ?? []) {
    const value = inputValue(input, raw[input.name], errors);
    if (value !== undefined) values[input.name] = value;
  }
  if (errors.length) throw new ValidationError(errors);
  return values;
}
