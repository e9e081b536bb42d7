import { useTexts } from "../i18n";

/** Figures that leave out municipalities whose database did not answer say which, above everything they show. */
export function MissingNote({ missing }: { missing: string[] }) {
  const { t } = useTexts();
  if (missing.length === 0) return null;
  return <p class="notice" role="alert" data-testid="missing"><strong>{t("missingMunicipalities")}:</strong> {missing.join(", ")}. {t("missingExplained")}</p>;
}
