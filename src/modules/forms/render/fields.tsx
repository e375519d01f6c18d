import type { Language } from '../../../core/i18n/index.js';
import { ChoiceGroup, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import type { ChoiceField, CoordinateField, Crs, Field, FormDefinition, RepeatField, ValueField } from '../definition.js';
import { isTrue, type Scope } from '../rules.js';
import { itemScope } from '../validate.js';
import { MarkdownLite } from './markdown.js';
import { pickerBase, PointPicker } from './map-preview.js';
import { isShown } from './revealed.js';
import { childPointer, pointerTokens } from '../../../core/json-pointer.js';
import { referenceSystem } from '../../../core/reference-systems.js';
import { chosenCrs } from './chosen-crs.js';

/**
 * One renderer per field type, writing the names `parsePageInput` reads back
 * (`boreholes[0][depth]`). Values may be raw page input (after an error) or normalised answers
 * (from the draft); both are shown as typed.
 */

export interface RenderContext {
  view: View;
  form: FormDefinition;
  /** Messages by JSON pointer, already in the user's language. */
  errors: Map<string, string>;
  /** Pointers of the fields shown, sent back in `_shown`. */
  shown: string[];
  today: string;
  root: Scope;
}

type Data = Record<string, unknown>;

/** `/boreholes/0/depth` → `f-boreholes-0-depth`: the id the error summary and change links point to. */
export function fieldId(pointer: string): string {
  return `f${pointer.replace(/\//g, '-')}`;
}

/** `/boreholes/0/depth` → `boreholes[0][depth]`. */
export function fieldName(pointer: string): string {
  const [first, ...rest] = pointerTokens(pointer);
  return first + rest.map((part) => `[${part}]`).join('');
}

function asRecord(value: unknown): Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {};
}

export function displayNumber(value: number, lang: Language): string {
  const text = String(value);
  return lang === 'de' ? text.replace('.', ',') : text;
}

function displayText(field: ValueField, value: unknown, lang: Language): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    return field.type === 'currency' ? displayNumber(value / 100, lang) : displayNumber(value, lang);
  }
  return typeof value === 'string' ? value : '';
}

function withUnit(label: string, unit?: { de: string; en: string }, lang: Language = 'de'): string {
  return unit ? `${label} (${unit[lang]})` : label;
}

function Hint({ id, text }: { id: string; text?: string }) {
  return text ? (
    <div class="kern-hint" id={`${id}-hint`}>
      {text}
    </div>
  ) : null;
}

function ErrorText({ view, id, error }: { view: View; id: string; error?: string }) {
  if (!error) return null;
  return (
    <p class="kern-error" id={`${id}-error`}>
      <span class="kern-sr-only">{view.t('form.errorPrefix')} </span>
      {error}
    </p>
  );
}

function Legend({ view, text, optional }: { view: View; text: string; optional?: boolean }) {
  return (
    <legend class="kern-label">
      {text}
      {optional && <span class="kern-label__optional"> {view.t('form.optional')}</span>}
    </legend>
  );
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

function SmallInput(props: {
  view: View;
  id: string;
  name: string;
  label: string;
  value: string;
  error?: boolean;
  width?: 2 | 4;
  inputMode?: 'numeric' | 'decimal';
  autocomplete?: string;
  describedBy?: string;
}) {
  const { id, name, label, value, error, width, inputMode, autocomplete } = props;
  const classes = ['kern-form-input__input', width ? `kern-form-input__input--width-${width}` : '', error ? 'kern-form-input__input--error' : ''].filter(Boolean).join(' ');
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={id}>
        {label}
      </label>
      <input
        class={classes}
        id={id}
        name={name}
        type="text"
        value={value}
        inputMode={inputMode}
        autocomplete={autocomplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={props.describedBy}
      />
    </div>
  );
}

/** GOV.UK date input: three text boxes, easier with screen readers and keyboards than a date picker. */
function DateInput({ ctx, field, pointer, value, optional }: FieldProps & { field: Extract<Field, { type: 'date' }> }) {
  const { view } = ctx;
  const id = fieldId(pointer);
  const error = ctx.errors.get(pointer);
  const parts =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? { year: value.slice(0, 4), month: String(Number(value.slice(5, 7))), day: String(Number(value.slice(8, 10))) }
      : (asRecord(value) as Record<string, string>);
  const name = fieldName(pointer);
  const hint = field.hint?.[view.lang] ?? view.t('forms.date.hint');
  const described = describedBy(`${id}-hint`, error && `${id}-error`);
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} aria-describedby={described}>
      <Legend view={view} text={field.label[view.lang]} optional={optional} />
      <Hint id={id} text={hint} />
      <ErrorText view={view} id={id} error={error} />
      <div class="kern-fieldset__body kern-fieldset__body--horizontal">
        <SmallInput view={view} id={id} name={`${name}[day]`} label={view.t('forms.date.day')} value={parts.day ?? ''} error={!!error} width={2} inputMode="numeric" />
        <SmallInput
          view={view}
          id={`${id}-month`}
          name={`${name}[month]`}
          label={view.t('forms.date.month')}
          value={parts.month ?? ''}
          error={!!error}
          width={2}
          inputMode="numeric"
        />
        <SmallInput view={view} id={`${id}-year`} name={`${name}[year]`} label={view.t('forms.date.year')} value={parts.year ?? ''} error={!!error} width={4} inputMode="numeric" />
      </div>
    </fieldset>
  );
}

const addressParts = [
  { key: 'street', label: 'forms.address.street', autocomplete: 'address-line1' },
  { key: 'houseNumber', label: 'forms.address.houseNumber', autocomplete: undefined, width: 4 as const },
  { key: 'postalCode', label: 'forms.address.postalCode.label', autocomplete: 'postal-code', width: 4 as const },
  { key: 'city', label: 'forms.address.city', autocomplete: 'address-level2' },
];

function AddressInput({ ctx, field, pointer, value, optional }: FieldProps & { field: ValueField }) {
  const { view } = ctx;
  const id = fieldId(pointer);
  const data = asRecord(value);
  const error = ctx.errors.get(pointer);
  const partErrors = addressParts.map((part) => ctx.errors.get(childPointer(pointer, part.key))).filter(Boolean);
  return (
    <fieldset class={`kern-fieldset${error || partErrors.length ? ' kern-fieldset--error' : ''}`} id={id} aria-describedby={describedBy(field.hint && `${id}-hint`)}>
      <Legend view={view} text={field.label[view.lang]} optional={optional} />
      <Hint id={id} text={field.hint?.[view.lang]} />
      <ErrorText view={view} id={id} error={error} />
      <div class="kern-fieldset__body">
        {addressParts.map((part) => {
          const partPointer = childPointer(pointer, part.key);
          const partError = ctx.errors.get(partPointer);
          return (
            <TextField
              view={view}
              id={fieldId(partPointer)}
              name={fieldName(partPointer)}
              label={view.t(part.label)}
              value={String(data[part.key] ?? '')}
              error={partError}
              optional={optional}
              autocomplete={part.autocomplete}
            />
          );
        })}
      </div>
    </fieldset>
  );
}

/** The inputs of the systems a question offers: systems with the same axes (the UTM zones) share one pair. */
function inputPairs(field: CoordinateField): { axes: readonly [string, string]; systems: Crs[] }[] {
  const pairs = new Map<string, { axes: readonly [string, string]; systems: Crs[] }>();
  for (const crs of field.crs) {
    const { axes } = referenceSystem(crs);
    const pair = pairs.get(axes.join()) ?? { axes, systems: [] };
    pair.systems.push(crs);
    pairs.set(axes.join(), pair);
  }
  return [...pairs.values()];
}

function CrsChoice({ ctx, field, pointer, chosen }: { ctx: RenderContext; field: CoordinateField; pointer: string; chosen: string }) {
  const { view } = ctx;
  if (field.crs.length === 1) return <input type="hidden" name={`${fieldName(pointer)}[crs]`} value={field.crs[0]} />;
  return (
    <ChoiceGroup
      view={view}
      id={fieldId(`${pointer}/crs`)}
      name={`${fieldName(pointer)}[crs]`}
      legend={view.t('forms.coordinate.system')}
      error={ctx.errors.get(`${pointer}/crs`)}
      choices={field.crs.map((crs) => ({ value: crs, label: view.t(referenceSystem(crs).label) }))}
      selected={[chosen]}
    />
  );
}

/** Reference system, then the pair for each system offered (the one not chosen is ignored; JS hides it). */
function CoordinateInput({ ctx, field, pointer, value, optional }: FieldProps & { field: CoordinateField }) {
  const { view } = ctx;
  const id = fieldId(pointer);
  const data = asRecord(value);
  const chosen = chosenCrs(view, field, data);
  const error = ctx.errors.get(pointer);
  const show = (raw: unknown) => (typeof raw === 'number' ? displayNumber(raw, view.lang) : typeof raw === 'string' ? raw : '');
  const inputs = (
    <fieldset
      class={`kern-fieldset${error ? ' kern-fieldset--error' : ''} aw-coordinate`}
      id={id}
      aria-describedby={describedBy(field.hint && `${id}-hint`, error && `${id}-error`)}
    >
      <Legend view={view} text={field.label[view.lang]} optional={optional} />
      <Hint id={id} text={field.hint?.[view.lang]} />
      <ErrorText view={view} id={id} error={error} />
      <div class="kern-fieldset__body">
        <CrsChoice ctx={ctx} field={field} pointer={pointer} chosen={chosen} />
        {inputPairs(field).map(({ axes, systems }) => (
          <div class="kern-fieldset__body kern-fieldset__body--horizontal" data-crs={systems.join(' ')}>
            {axes.map((axis) => (
              <SmallInput
                view={view}
                id={fieldId(`${pointer}/${axis}`)}
                name={`${fieldName(pointer)}[${axis}]`}
                label={view.t(`forms.coordinate.${axis}`)}
                value={show(data[axis])}
                error={!!error}
                inputMode="decimal"
              />
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
  // The form's base map beside the question, to see the point and (with script) place it by a click.
  if (field.type !== 'coordinate' || !pickerBase(view, ctx.form)) return inputs;
  return (
    <div class="aw-coordinate-map">
      {inputs}
      <PointPicker view={view} form={ctx.form} field={field} fieldId={id} pointer={pointer} value={value} />
    </div>
  );
}

function polygonText(value: unknown, crs: Crs, lang: Language): string {
  const data = asRecord(value);
  if (typeof data.points === 'string') return data.points;
  if (!Array.isArray(data.points)) return '';
  const [x, y] = referenceSystem(crs).axes;
  return data.points.map((point) => [asRecord(point)[x], asRecord(point)[y]].map((n) => (typeof n === 'number' ? displayNumber(n, lang) : '')).join(' ')).join('\n');
}

function PolygonInput({ ctx, field, pointer, value, optional }: FieldProps & { field: CoordinateField }) {
  const { view } = ctx;
  const id = fieldId(pointer);
  const chosen = chosenCrs(view, field, asRecord(value));
  const pointsPointer = `${pointer}/points`;
  const pointErrors = [...ctx.errors.entries()].filter(([at]) => at.startsWith(`${pointsPointer}/`)).map(([, message]) => message);
  const error = ctx.errors.get(pointer) ?? ctx.errors.get(pointsPointer) ?? pointErrors[0];
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} id={id}>
      <Legend view={view} text={field.label[view.lang]} optional={optional} />
      <Hint id={id} text={field.hint?.[view.lang]} />
      <div class="kern-fieldset__body">
        <CrsChoice ctx={ctx} field={field} pointer={pointer} chosen={chosen} />
        <TextField
          view={view}
          id={fieldId(pointsPointer)}
          name={`${fieldName(pointer)}[points]`}
          label={view.t('forms.polygon.points')}
          hint={view.t('forms.polygon.hint')}
          error={error}
          value={polygonText(value, chosen, view.lang)}
          optional={optional}
          multiline
        />
      </div>
    </fieldset>
  );
}

function SelectInput({ ctx, field, pointer, value, optional }: FieldProps & { field: ChoiceField }) {
  const { view } = ctx;
  const id = fieldId(pointer);
  const error = ctx.errors.get(pointer);
  const values = ctx.form.codeLists?.[field.codeList]?.values ?? [];
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {field.label[view.lang]}
        {optional && <span class="kern-label__optional"> {view.t('form.optional')}</span>}
      </label>
      <Hint id={id} text={field.hint?.[view.lang]} />
      <ErrorText view={view} id={id} error={error} />
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          id={id}
          name={fieldName(pointer)}
          aria-describedby={describedBy(field.hint && `${id}-hint`, error && `${id}-error`)}
          aria-invalid={error ? 'true' : undefined}
        >
          <option value="">{view.t('forms.selectPlaceholder')}</option>
          {values.map((entry) => (
            <option value={entry.value} selected={entry.value === value}>
              {entry.label[view.lang]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function fileHint(field: Extract<Field, { type: 'file' }>, view: View): string {
  const rules = view.t('forms.file.uploadHint', { accept: field.accept.join(', '), count: field.maxCount, max: field.maxSizeMb });
  return field.hint ? `${field.hint[view.lang]} ${rules}` : rules;
}

/** The upload itself belongs to the applications module; the page shows the field, its limits and what is there. */
function FileInput({ ctx, field, pointer, value, optional }: FieldProps & { field: Extract<Field, { type: 'file' }> }) {
  const { view } = ctx;
  const id = fieldId(pointer);
  const error = ctx.errors.get(pointer) ?? [...ctx.errors.entries()].find(([at]) => at.startsWith(`${pointer}/`))?.[1];
  const files = Array.isArray(value) ? value.map(asRecord) : [];
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {field.label[view.lang]}
        {optional && <span class="kern-label__optional"> {view.t('form.optional')}</span>}
      </label>
      <div class="kern-hint" id={`${id}-hint`}>
        {fileHint(field, view)}
      </div>
      <ErrorText view={view} id={id} error={error} />
      {files.length > 0 && (
        <ul class="kern-list">
          {files.map((file) => (
            <li>{String(file.name ?? '')}</li>
          ))}
        </ul>
      )}
      <input
        class="kern-form-input__input"
        type="file"
        id={id}
        name={fieldName(pointer)}
        accept={field.accept.join(',')}
        multiple={field.maxCount > 1}
        aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
      />
    </div>
  );
}

interface FieldProps {
  ctx: RenderContext;
  field: Field;
  pointer: string;
  value: unknown;
  optional?: boolean;
}

function isOptional(field: Field, scope: Scope): boolean {
  if (field.type === 'help' || !field.optional) return false;
  return !(field.requiredIf !== undefined && isTrue(field.requiredIf, scope));
}

function RepeatInput({ ctx, field, pointer, value, normal }: FieldProps & { field: RepeatField; normal: unknown }) {
  const { view } = ctx;
  const items = Array.isArray(value) ? value.map(asRecord) : [];
  const normalItems = Array.isArray(normal) ? normal.map(asRecord) : [];
  const id = fieldId(pointer);
  const error = ctx.errors.get(pointer);
  const min = field.min ?? 0;
  const canAdd = field.max === undefined || items.length < field.max;
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} id={id}>
      <Legend view={view} text={field.label[view.lang]} />
      <Hint id={id} text={field.hint?.[view.lang]} />
      <ErrorText view={view} id={id} error={error} />
      {items.map((item, index) => {
        const itemPointer = `${pointer}/${index}`;
        const itemLabel = field.itemLabel[view.lang].replace('{n}', String(index + 1));
        const normalItem = normalItems[index] ?? {};
        const scope = itemScope(normalItem, ctx.root, index, ctx.today);
        return (
          <fieldset class="kern-fieldset aw-repeat-item" id={fieldId(itemPointer)}>
            <legend class="kern-title kern-title--small">{itemLabel}</legend>
            <div class="kern-fieldset__body">
              <Fields ctx={ctx} fields={field.fields} container={item} normal={normalItem} pointer={itemPointer} scope={scope} />
              {items.length > min && (
                <SubmitButton name="_action" value={`remove:${itemPointer}`} variant="secondary">
                  {view.t('forms.remove', { label: itemLabel })}
                </SubmitButton>
              )}
            </div>
          </fieldset>
        );
      })}
      {canAdd && (
        <SubmitButton name="_action" value={`add:${pointer}`} variant="secondary">
          {view.t('forms.addAnother', { label: field.itemLabel[view.lang].replace('{n}', '').trim() })}
        </SubmitButton>
      )}
    </fieldset>
  );
}

function FieldInput(props: FieldProps & { scope: Scope; normal: unknown }) {
  const { ctx, field, pointer, value, scope, normal } = props;
  const { view } = ctx;
  const optional = isOptional(field, scope);
  if (field.type === 'help')
    return (
      <div class="aw-help">
        <MarkdownLite text={field.content[view.lang]} />
      </div>
    );
  ctx.shown.push(pointer);
  const label = field.label[view.lang];
  const hint = field.hint?.[view.lang];
  const error = ctx.errors.get(pointer);
  const id = fieldId(pointer);
  const name = fieldName(pointer);
  switch (field.type) {
    case 'group':
      return (
        <fieldset class="kern-fieldset" id={id}>
          <Legend view={view} text={label} optional={optional} />
          <Hint id={id} text={hint} />
          <div class="kern-fieldset__body">
            <Fields ctx={ctx} fields={field.fields} container={asRecord(value)} normal={asRecord(normal)} pointer={pointer} scope={scope} />
          </div>
        </fieldset>
      );
    case 'repeat':
      return <RepeatInput ctx={ctx} field={field} pointer={pointer} value={value} normal={normal} />;
    case 'date':
      return <DateInput ctx={ctx} field={field} pointer={pointer} value={value} optional={optional} />;
    case 'address':
      return <AddressInput ctx={ctx} field={field} pointer={pointer} value={value} optional={optional} />;
    case 'coordinate':
      return <CoordinateInput ctx={ctx} field={field} pointer={pointer} value={value} optional={optional} />;
    case 'polygon':
      return <PolygonInput ctx={ctx} field={field} pointer={pointer} value={value} optional={optional} />;
    case 'file':
      return <FileInput ctx={ctx} field={field} pointer={pointer} value={value} optional={optional} />;
    case 'yesNo': {
      const selected = value === true || value === 'yes' ? ['yes'] : value === false || value === 'no' ? ['no'] : [];
      return (
        <ChoiceGroup
          view={view}
          id={id}
          name={name}
          legend={label}
          hint={hint}
          error={error}
          optional={optional}
          selected={selected}
          choices={[
            { value: 'yes', label: view.t('forms.yes') },
            { value: 'no', label: view.t('forms.no') },
          ]}
        />
      );
    }
    case 'singleChoice':
    case 'multiChoice': {
      if (field.display === 'select' && field.type === 'singleChoice') return <SelectInput ctx={ctx} field={field} pointer={pointer} value={value} optional={optional} />;
      const values = ctx.form.codeLists?.[field.codeList]?.values ?? [];
      const selected = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      const choices = values.map((entry) => ({ value: entry.value, label: entry.label[view.lang], ...(entry.hint ? { hint: entry.hint[view.lang] } : {}) }));
      return (
        <ChoiceGroup
          view={view}
          id={id}
          name={name}
          legend={label}
          hint={hint}
          error={error}
          optional={optional}
          selected={selected}
          choices={choices}
          multiple={field.type === 'multiChoice'}
        />
      );
    }
    default: {
      const types = { email: 'email', phone: 'tel' } as const;
      const modes = { integer: 'numeric', decimal: 'decimal', currency: 'decimal', email: 'email', phone: 'tel' } as const;
      const unit = field.type === 'integer' || field.type === 'decimal' ? field.unit : field.type === 'currency' ? { de: '€', en: '€' } : undefined;
      return (
        <TextField
          view={view}
          id={id}
          name={name}
          label={withUnit(label, unit, view.lang)}
          hint={hint}
          error={error}
          optional={optional}
          value={displayText(field, value, view.lang)}
          type={field.type === 'email' || field.type === 'phone' ? types[field.type] : 'text'}
          inputMode={field.type in modes ? modes[field.type as keyof typeof modes] : undefined}
          autocomplete={field.type === 'text' ? field.autocomplete : field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : undefined}
          maxLength={field.type === 'text' || field.type === 'longText' ? field.maxLength : undefined}
          multiline={field.type === 'longText'}
        />
      );
    }
  }
}

/**
 * The visible fields of a container. `container` holds the values to show (maybe raw input),
 * `normal` the normalised answers the conditions are evaluated on, within `scope`.
 */
export function Fields({
  ctx,
  fields,
  container,
  normal,
  pointer,
  scope,
}: {
  ctx: RenderContext;
  fields: readonly Field[];
  container: Data;
  normal: Data;
  pointer: string;
  scope: Scope;
}) {
  return (
    <>
      {fields.map((field) => {
        if (!isShown(field, scope)) return null;
        const at = `${pointer}/${field.key}`;
        return <FieldInput ctx={ctx} field={field} pointer={at} value={container[field.key]} normal={normal[field.key]} scope={scope} />;
      })}
    </>
  );
}
