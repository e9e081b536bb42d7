import { createContext, type SelectHTMLAttributes } from "preact";
import { useContext, useEffect, useId, useRef, useState } from "preact/hooks";
import { Problem } from "../api";
import { useTexts } from "../i18n";

// Forms that send a command and show the server's refusal next to the field it names. The server is the judge of a
// command (the client repeats none of its rules: forms are noValidate); its problem details key errors by JSON path.

type FieldErrors = { form: string; errors: Record<string, string[]> };
const ErrorsContext = createContext<FieldErrors>({ form: "", errors: {} });

type ControlProps = { id: string; name: string; "aria-invalid"?: "true"; "aria-describedby"?: string };

/** The errors under a field's path: its own, and those of its parts (`local.cells[0].level` under `local.cells`). */
function errorsOf(errors: Record<string, string[]>, name: string) {
  return Object.entries(errors)
    .filter(([path]) => path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))
    .flatMap(([path, reasons]) => reasons.map((reason) => (path === name ? reason : `${path.slice(name.length).replace(/^\./, "")}: ${reason}`)));
}

export function Field({ name, label, hint, children }: { name: string; label: string; hint?: string; children: (props: ControlProps) => preact.ComponentChildren }) {
  const { form, errors } = useContext(ErrorsContext);
  const id = `${form}-${name.replace(/[^\w-]/g, "_")}`;
  const messages = errorsOf(errors, name);
  const describedBy = [hint && `${id}-hint`, messages.length > 0 && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div class={messages.length ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      {hint && <span class="hint" id={`${id}-hint`}>{hint}</span>}
      {children({ id, name, "aria-invalid": messages.length ? "true" : undefined, "aria-describedby": describedBy || undefined })}
      {messages.length > 0 && <p class="field-error" id={`${id}-error`} data-error-for={name}>{messages.join("; ")}</p>}
    </div>
  );
}

/**
 * A group of checkboxes under one name: a fieldset whose legend names it. With `chosen` the page keeps what is ticked
 * (and hears of each change through `toggle`); without, the form does.
 */
export function Choices({ name, legend, options, chosen, toggle }: {
  name: string; legend: string; options: Option[]; chosen?: string[]; toggle?: (value: string, on: boolean) => void;
}) {
  const { form, errors } = useContext(ErrorsContext);
  const id = `${form}-${name.replace(/[^\w-]/g, "_")}`;
  const messages = errorsOf(errors, name);
  return (
    <fieldset class={messages.length ? "field invalid" : "field"} aria-describedby={messages.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o, i) => (
        <label class="check" key={o.value}>
          <input type="checkbox" name={name} value={o.value} id={`${id}-${i}`} checked={chosen?.includes(o.value)}
            onChange={toggle && ((e) => toggle(o.value, e.currentTarget.checked))} /> {o.label}
        </label>
      ))}
      {messages.length > 0 && <p class="field-error" id={`${id}-error`} data-error-for={name}>{messages.join("; ")}</p>}
    </fieldset>
  );
}

/** An ISO moment for a late registration: noon of an earlier day; today (or nothing) means now. */
function happenedAt(data: FormData): string | undefined {
  const day = String(data.get("happenedAt") ?? "");
  const today = new Date().toLocaleDateString("sv-SE");
  return day && day < today ? new Date(`${day}T12:00:00`).toISOString() : undefined;
}

/** Sends a command (the form's title says which, should the case have moved on meanwhile). */
export type Send = (path: string, body: Record<string, unknown>, title: string) => Promise<void>;

/** Values to put into a form's fields by name (the values to tick, for a group of checkboxes). */
export type Fill = Record<string, string[]>;

/**
 * One command: its fields, an optional day it happened, and a save button. A refusal keeps what was typed and shows
 * each reason next to its field, with a summary on top. A fill (a shortcut from elsewhere on the page) opens the form
 * with those values and moves focus to it; the fields stay the person's to change.
 */
export function CommandForm({ title, path, send, build, children, name, fill }: {
  title: string; path: string; send: Send; name: string;
  build: (data: FormData) => Record<string, unknown>; children: preact.ComponentChildren; fill?: Fill;
}) {
  const { t } = useTexts();
  const form = useId().replace(/\W/g, "");
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const element = details.current;
    if (!fill || !element) return;
    for (const control of element.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[name], select[name]")) {
      const values = fill[control.name];
      if (!values) continue;
      if (control instanceof HTMLInputElement && control.type === "checkbox") control.checked = values.includes(control.value);
      else control.value = values[0] ?? "";
    }
    element.open = true;
    element.querySelector("summary")?.focus();
  }, [fill]);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const data = new FormData(element);
    setBusy(true);
    try {
      await send(path, { ...build(data), happenedAt: happenedAt(data) }, title);
      setProblem(undefined);
      element.reset();
    } catch (error) {
      setProblem(error instanceof Problem ? error : new Problem(0, t("failed"), String(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="command" data-command={name} ref={details}>
      <summary>{title}</summary>
      <form noValidate onSubmit={submit} aria-label={title}>
        <Refusal form={form} problem={problem} intro={t("formErrors")}>
          {children}
          <Field name="happenedAt" label={t("happenedOn")}>
            {(p) => <input type="date" {...p} max={new Date().toLocaleDateString("sv-SE")} />}
          </Field>
          <button type="submit" disabled={busy}>{t("save")}</button>
        </Refusal>
      </form>
    </details>
  );
}

/** A refusal: a summary on top, and each reason next to the field inside whose JSON path it names (ids begin with form). */
export function Refusal({ form, problem, intro, children }: { form: string; problem?: Problem; intro: string; children: preact.ComponentChildren }) {
  return (
    <ErrorsContext.Provider value={{ form, errors: problem?.errors ?? {} }}>
      {problem && (
        <div class="problem" role="alert">
          <p><strong>{intro}</strong> {problem.title}</p>
          {Object.keys(problem.errors).length === 0 && <p>{problem.detail}</p>}
          <ul>{Object.entries(problem.errors).map(([path, reasons]) => <li key={path}><code>{path}</code>: {reasons.join("; ")}</li>)}</ul>
        </div>
      )}
      {children}
    </ErrorsContext.Provider>
  );
}

export type Option = { value: string; label: string };

/** A choice among options, none chosen at first ("Choose …"): leaving it so lets the server say what is missing. */
export function Select({ options, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { options: Option[] }) {
  const { t } = useTexts();
  return (
    <select {...props}>
      <option value="">{t("chooseOne")}</option>
      {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}

/** A line of text under a label. */
export const TextField = ({ name, label }: { name: string; label: string }) => (
  <Field name={name} label={label}>{(p) => <input type="text" autoComplete="off" {...p} />}</Field>
);

/** A choice under a label. */
export const ChoiceField = ({ name, label, options }: { name: string; label: string; options: Option[] }) => (
  <Field name={name} label={label}>{(p) => <Select {...p} options={options} />}</Field>
);

/** The value of a field, or nothing when left empty (the server then says what is missing). */
export const value = (data: FormData, name: string) => (String(data.get(name) ?? "").trim() || undefined);
