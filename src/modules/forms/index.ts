import type { AmtswegModule } from '../../core/module.js';
import { formsCommand } from './command.js';
import { formsMessages } from './messages.js';
import { formRoutes } from './routes.js';

/**
 * The forms engine: definition format, rules, validation, JSON Schema, rendering and the FIM
 * XDatenfelder import. Procedures register their forms with `registerForm`; the applications
 * module drives the page-by-page flow with `parsePageInput`, `validatePage`, `FormPage` and
 * `CheckAnswers`.
 */
export type * from './definition.js';
export { parseFormDefinition, FormDefinitionError, formJsonSchema, type DefinitionProblem } from './definition-schema.js';
export { addRuleOperation } from './rules.js';
export {
  validateSubmission,
  validatePage,
  visiblePages,
  pageOfPointer,
  findPage,
  prefillValues,
  type ValidateOptions,
  type ValidationResult,
} from './validate.js';
export { deriveJsonSchema } from './json-schema.js';
export { registerForm, getForm } from './registry.js';
export { parsePageInput, mergePageData, type PageAction, type PageInput } from './render/parse-input.js';
export { FormPage, type FormPageProps } from './render/form-page.js';
export { CheckAnswers, type CheckAnswersProps } from './render/check-answers.js';
export { importXdf, XdfImportError, type XdfImport } from './xdf/import.js';
export { withoutUnseenRequired } from './render/parse-input.js';
export { revealedFields } from './render/revealed.js';
export { anchorFor, problemText } from './render/anchors.js';
export { formatAnswer } from './render/check-answers.js';
export { answerText, answerTexts, computedText } from './answer-text.js';
export { fieldAt, choicesAt } from './field-at.js';
export { mapProjection, svgPath, type MapFrame, type MapProjection } from './projection.js';
export { findMapBase, mapBases, regionCheckOf, type MapArea, type MapBase, type RegionCheck } from './map.js';
export { MapPreview } from './render/map-preview.js';

export const formsModule: AmtswegModule = {
  name: 'forms',
  dependsOn: [],
  messages: formsMessages,
  routes: formRoutes,
  commands: { forms: formsCommand },
};
