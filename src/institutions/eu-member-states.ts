/**
 * The member states of the European Union as the DEU datasets (Thomson et al. 2006,
 * 2012; Arregui & Perarnaud 2021) code them, in the DEU column order. Institutional
 * data: the Council's voting rules (council-weights.ts), the DEU reader
 * (scenario/import/deu.ts) and the institutional models all key their member states
 * by these codes.
 */
/** The member states in the DEU column order, with the codes the DEU uses. */
export const DEU_MEMBER_STATES = [
  { id: "at", name: "Austria" },
  { id: "be", name: "Belgium" },
  { id: "bu", name: "Bulgaria" },
  { id: "cr", name: "Croatia" },
  { id: "cy", name: "Cyprus" },
  { id: "cz", name: "Czech Republic" },
  { id: "dk", name: "Denmark" },
  { id: "ee", name: "Estonia" },
  { id: "fi", name: "Finland" },
  { id: "fr", name: "France" },
  { id: "de", name: "Germany" },
  { id: "el", name: "Greece" },
  { id: "hu", name: "Hungary" },
  { id: "ie", name: "Ireland" },
  { id: "it", name: "Italy" },
  { id: "lv", name: "Latvia" },
  { id: "lt", name: "Lithuania" },
  { id: "lu", name: "Luxembourg" },
  { id: "mt", name: "Malta" },
  { id: "nl", name: "Netherlands" },
  { id: "pl", name: "Poland" },
  { id: "pt", name: "Portugal" },
  { id: "ro", name: "Romania" },
  { id: "si", name: "Slovenia" },
  { id: "sk", name: "Slovakia" },
  { id: "es", name: "Spain" },
  { id: "se", name: "Sweden" },
  { id: "uk", name: "United Kingdom" },
] as const;

export type DeuMemberState = (typeof DEU_MEMBER_STATES)[number]["id"];
