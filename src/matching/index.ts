/** Public surface of src/matching: identifier normalisation and person matching. */
export {
  normalizeText,
  spanishPhoneticKey,
  nameTokens,
  normalizeAlias,
  parsePersonName,
  personKeys,
  personAliases,
  compareGivenNames,
  givenTokenSimilarity,
  surnameSimilarity,
  normalizeBirthDate,
  normalizeSex,
  type PersonInput,
  type PersonKeys,
  type ParsedName,
  type NameReading,
  type NameOrder,
  type GivenAgreement,
  type GivenComparison,
} from './names.js';
export {
  CURP_STATES,
  INEGI_TO_CURP_STATE,
  CURP_OFFENSIVE_WORDS,
  normalizeCurp,
  computeCurpCheckDigit,
  decodeCurp,
  isValidCurp,
  curpNameLetters,
  buildCurp,
  curpMatchesPerson,
  type CurpInfo,
  type CurpPerson,
  type CurpNameParts,
  type CurpCheck,
  type CurpCheckPerson,
  type CurpPersonCheck,
} from './curp.js';
export {
  MATCH_THRESHOLD,
  PERSON_ALGORITHM,
  PERSON_WEIGHTS,
  scorePersons,
  preparePerson,
  compareBirthDates,
  type PersonScore,
  type PersonFeatures,
  type PreparedPerson,
} from './person-score.js';
export { runMatchScore, scoreLine } from './score-cli.js';
export { editDistance, jaroWinkler } from './distance.js';
export { normalizeMxPhone, samePhone, type NormalizedPhone } from './phone.js';
export { MX_PLATE_FORMATS, normalizePlate, plateFormat, plateOcrKey, comparePlates, type PlateComparison } from './plate.js';
export { normalizeVin, computeVinCheckDigit, validateVin, type VinValidation } from './vin.js';
