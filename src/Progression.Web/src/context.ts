import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Catalogue } from "./catalogue";
import type { Session } from "./session";

export const CatalogueContext = createContext<Catalogue>(null!);
export const SessionContext = createContext<Session | null>(null);

export const useCatalogue = () => useContext(CatalogueContext);
export const useSession = () => useContext(SessionContext)!;
