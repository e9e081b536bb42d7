import { useCallback, useEffect, useState } from "preact/hooks";
import { useTexts } from "../i18n";

export type Async<T> = { data?: T; error?: Error; loading: boolean; reload: () => void };

/** Runs a read when its inputs change; a later answer replaces an earlier one, never the other way round. */
export function useAsync<T>(read: () => Promise<T>, inputs: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    read().then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error, loading: false }),
    );
    return () => { current = false; };
  }, [...inputs, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

export function Loading() {
  const { t } = useTexts();
  return <p class="loading" role="status">{t("loading")}</p>;
}

export function Failure({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useTexts();
  return (
    <div class="failure" role="alert">
      <p><strong>{t("failed")}:</strong> {error.message}</p>
      {retry && <button type="button" onClick={retry}>{t("retry")}</button>}
    </div>
  );
}

/** Shows data once there, the last data while reloading, and failures with a way to try again. */
export function Loaded<T>({ state, children }: { state: Async<T>; children: (data: T) => preact.ComponentChildren }) {
  if (state.error) return <Failure error={state.error} retry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

/** A count the service withheld (null): a mark and an explanation, never a 0. */
export function Suppressed({ text }: { text?: string }) {
  const { t } = useTexts();
  return <span class="suppressed" title={t("suppressedExplained")}><span aria-hidden="true">⊘</span> {text ?? t("suppressed")}</span>;
}

export function Count({ value }: { value: number | null | undefined }) {
  return value === null || value === undefined ? <Suppressed /> : <>{value}</>;
}
