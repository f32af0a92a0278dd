import { z } from 'zod';
import { describes } from '../describes';
import type { DiagnosisAnswers, YesNo } from '../sync/model';

export const yesNoSchema = describes<YesNo>()(z.enum(['yes', 'no']));

/** The admin's answers on a sync error (shared/sync/model.ts); the contract's `DiagnosisAnswers`. */
export const diagnosisAnswersSchema = describes<DiagnosisAnswers>()(
  z.object({
    userExistsOnPremises: yesNoSchema.nullable(),
    sameUser: yesNoSchema.nullable(),
    closed: z.boolean(),
  }),
);
