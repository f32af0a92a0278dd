// The portal's own types (the API's are generated: apiTypes.d.ts). Type-checking only: the browser
// never loads this file.
import type { createApi } from './api.js';
import type {
  ApplyFixResult,
  AuditEvent,
  CycleSummary,
  DiagnosisAnswers,
  DiagnosisStep,
  QuestionId,
  Role,
  SyncError,
} from './apiTypes.js';

/**
 * What `h` and `append` put into an element: nodes, text, nested lists; null, undefined and false
 * are skipped (so that `cond ? node : null` reads as it looks).
 */
export type Child = Node | string | number | null | undefined | false | Child[];

/**
 * An element's properties for `h`: `class` (text or a list, falsy parts left out), `text`, `dataset`,
 * `on<event>` listeners and attributes.
 */
export type Props = { [name: string]: unknown };

export type Api = ReturnType<typeof createApi>;

/** config.json beside index.html (auth.js loadConfig). */
export interface PortalConfig {
  mode: 'dev' | 'entra';
  apiBaseUrl: string;
  clientId?: string;
  authority?: string;
  scopes?: string[];
  redirectUri?: string;
  knownAuthorities?: string[];
  msalBundle?: string;
}

/** Who is signed in: a dev token's tenant and role, or an Entra ID account. */
export interface Session {
  mode: 'dev' | 'entra';
  tenantId: string | null;
  /** Dev mode: the role picked (a Role); entra mode: the roles of the ID token, joined. */
  role: string | null;
  name: string | null;
  username?: string | null;
  accessToken?: string;
  expiresAt?: number;
}

export interface DevCredentials {
  tenantId: string;
  role: Role;
  name?: string;
}

/** Sign-in, in either mode (auth.js). */
export interface Auth {
  mode: 'dev' | 'entra';
  init(): Promise<Session | null>;
  readonly session: Session | null;
  getToken(): Promise<string | null>;
  /** Dev mode asks `api` for a token for `credentials`; entra mode leaves for Microsoft's page. */
  signIn(api?: Api, credentials?: DevCredentials): Promise<unknown>;
  signOut(): Promise<void>;
}

/** Step text for a long task's progress (the cycle panel). */
export type Progress = (step: string) => void;

/** What every view is given (app.js). */
export interface Ctx {
  config: PortalConfig;
  auth: Auth;
  api: Api;
  signInMessage: string | null;
  readonly session: Session | null;
  isDev: boolean;
  navigate(hash: string): void;
  refresh(): Promise<void>;
  announce(text: string): void;
  runCycle(options?: {
    run?: (progress: Progress) => Promise<CycleSummary>;
    label?: string;
  }): Promise<CycleSummary | null>;
  cycleButton(label?: string, className?: string): HTMLButtonElement;
  signedIn(): void;
}

/** The part of the vendored MSAL bundle (vendor/msal-browser) the portal uses. */
export interface MsalModule {
  PublicClientApplication: new (configuration: object) => MsalClient;
  InteractionRequiredAuthError: new (...args: never[]) => Error;
}

export interface MsalAccount {
  tenantId?: string;
  name?: string;
  username?: string;
  idTokenClaims?: { tid?: string; wids?: unknown; roles?: unknown };
}

export interface MsalClient {
  initialize(): Promise<void>;
  handleRedirectPromise(): Promise<{ account?: MsalAccount | null } | null>;
  getActiveAccount(): MsalAccount | null;
  getAllAccounts(): MsalAccount[];
  setActiveAccount(account: MsalAccount): void;
  acquireTokenSilent(request: { scopes: string[]; account: MsalAccount }): Promise<{ accessToken: string }>;
  acquireTokenRedirect(request: { scopes: string[]; account: MsalAccount }): Promise<void>;
  loginRedirect(request: { scopes: string[]; prompt: string }): Promise<void>;
  logoutRedirect(request?: { account: MsalAccount }): Promise<void>;
}

declare global {
  /** Set by the MSAL bundle, entra mode only. */
  var msal: MsalModule | undefined;
}

// Parts of the API's answers the views name (the generated types inline them).
export type QuestionStep = Extract<DiagnosisStep, { kind: 'question' }>;
export type OutcomeStep = Extract<DiagnosisStep, { kind: 'outcome' }>;
export type Outcome = OutcomeStep['outcome'];
export type Guidance = NonNullable<DiagnosisStep['guidance']>;
export type GuidanceObject = NonNullable<Guidance['existing']> | Guidance['conflicting'];
export type UserExistsEvidence = Extract<QuestionStep, { questionId: 'userExistsOnPremises' }>['evidence'];
export type SameUserEvidence = Extract<QuestionStep, { questionId: 'sameUser' }>['evidence'];
export type AuditAction = AuditEvent['action'];

/**
 * A question as the wizard shows it: the service's step, or one shown again by Back without having
 * been seen in this visit (no suggestion or evidence then).
 */
export type WizardQuestion =
  | QuestionStep
  | {
      kind: 'question';
      questionId: QuestionId;
      text: string;
      suggestedAnswer: null;
      evidence: Record<string, never>;
      answers: DiagnosisAnswers;
      guidance?: undefined;
    };

/** What the wizard shows: a question or an outcome. */
export type WizardStep = WizardQuestion | OutcomeStep;

/** What each step's view of the wizard is given (views/wizard.js). */
export interface WizardFlow {
  ctx: Ctx;
  /** The sync error's id, and its page. */
  id: string;
  error: SyncError;
  errorHref: string;
  /** The step shown now. */
  current(): WizardStep;
  /** Shows `next`; `extra`: what Apply Fix answered, for the fix-applied view. */
  show(next: WizardStep, options?: { extra?: ApplyFixResult | null; focus?: boolean }): void;
  /** The question Back returns to from `from`, if any. */
  backTarget(from: WizardStep): QuestionId | null;
  goBack(from: WizardStep): void;
  reloadButton(): HTMLButtonElement;
}
