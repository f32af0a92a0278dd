import {
  definitionList,
  externalLink,
  h,
  isRefusal,
  notice,
  orDash,
  problemNotice,
  replace,
  spinner,
  statusBadge,
  time,
  value,
  withBusy,
  yesNo,
} from '../dom.js';
import { breadcrumb, field } from './detail.js';
import { guidanceObjects, guidanceSection, rolesText } from './guidance.js';

const CONNECTOR_STATES = { PendingAdd: 'Pending Add', Exported: 'Exported' };

/** The seed's "How to answer the diagnosis questions", shown beside each question. */
const HOW_TO = {
  userExistsOnPremises: [
    'Check whether Microsoft Entra ID has an object with the provided UserPrincipalName. If not, answer No.',
    'If it does, check whether the object is still in scope for syncing: search the Microsoft Entra connector space by the DN.',
    'If the object is found in the Pending Add state, answer No: Microsoft Entra Connect cannot connect it to the right Microsoft Entra object.',
    "If it isn't found, answer Yes.",
  ],
  sameUser: [
    'Compare the objects’ display name, UserPrincipalName and object ID.',
    'If Microsoft Entra ID fails to compare them, check whether Active Directory has objects with the provided UserPrincipalNames. Answer No if you find both.',
  ],
};

const STEP_LABELS = ['User on-premises?', 'Same user?', 'Result'];

/** What to do about each refusal of Apply Fix (the seed's "Failures and error messages"). */
const FIX_GUIDANCE = {
  ConflictingUserSoftDeleted:
    'Delete the conflicting user permanently in Microsoft Entra ID before you retry. A soft-deleted user is also deleted permanently by itself after 30 days.',
  CloudOnlyUserNotSupported:
    'A cloud-based user should not have a source anchor, so this fix does not apply. A manual fix from on-premises is required.',
  UserWritebackEnabled:
    'Settings such as user writeback are not supported by this fix. Turn user writeback off in Settings, then retry.',
  ExistingObjectStillSynced:
    'The existing object is still synced from an on-premises object in scope: moving its source anchor would take that user’s cloud object away. Fix the duplicate on-premises.',
  SyncCycleInProgress: 'A sync cycle is running for this tenant. Retry when it has finished.',
};

/** The diagnosis as the seed's wizard: each question with the suggestion and evidence, then the outcome. */
export async function renderWizard(ctx, container, id) {
  const errorHref = `#/errors/${encodeURIComponent(id)}`;
  const crumbs = h(
    'div',
    null,
    breadcrumb([['Sync errors', '#/errors'], ['Error', errorHref], ['Diagnose']]),
  );
  const heading = h('h1', null, 'Diagnose sync error');
  const sub = h('p', { class: 'lead' });
  const stepper = h('ol', { class: 'stepper', 'aria-label': 'Diagnosis steps' });
  const panel = h(
    'section',
    { class: 'card wizard__panel', 'aria-live': 'off' },
    spinner('Loading the diagnosis…'),
  );
  container.append(crumbs, heading, sub, stepper, panel);

  let error;
  let step;
  try {
    [error, step] = await Promise.all([ctx.api.getSyncError(id), ctx.api.getDiagnosis(id)]);
  } catch (failure) {
    replace(
      panel,
      problemNotice(
        failure,
        failure?.status === 404
          ? 'This sync error does not exist in your tenant.'
          : 'The diagnosis could not be loaded.',
      ),
    );
    return;
  }
  replace(crumbs, breadcrumb([['Sync errors', '#/errors'], [error.value, errorHref], ['Diagnose']]));
  replace(sub, h('span', { class: 'mono' }, error.value), ` · ${error.attribute} · ${error.errorType}`);

  /** Question steps seen so far, by question id, so that Back can show them again. */
  const seen = {};

  function show(next, { extra = null, focus = true } = {}) {
    step = next;
    if (step.kind === 'question') seen[step.questionId] = step;
    renderStepper(stepper, step);
    const title = h('h2', { class: 'wizard__title', tabindex: '-1' });
    replace(panel, step.kind === 'question' ? questionView(step, title) : outcomeView(step, title, extra));
    panel.dataset.step = step.kind === 'question' ? step.questionId : step.outcome;
    if (focus) title.focus();
  }

  // ---- questions

  function questionView(q, title, chosen = null) {
    title.textContent = q.text;
    const name = `answer-${q.questionId}`;
    const radio = (value, label) =>
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          name,
          value,
          required: true,
          checked: chosen === value,
          'aria-describedby': q.suggestedAnswer === value ? 'suggestion' : null,
        }),
        h(
          'span',
          null,
          label,
          q.suggestedAnswer === value ? h('span', { class: 'choice__hint' }, ' (suggested)') : null,
        ),
      );
    const message = h('div', { class: 'form__message' });
    const next = h('button', { type: 'submit', class: 'button' }, 'Next');
    const form = h(
      'form',
      { class: 'wizard__form', novalidate: true },
      h(
        'fieldset',
        { class: 'choices' },
        h('legend', null, 'Your answer'),
        radio('yes', 'Yes'),
        radio('no', 'No'),
      ),
      h(
        'div',
        { class: 'commandbar' },
        next,
        backTarget(q)
          ? h(
              'button',
              { type: 'button', class: 'button button--secondary', onclick: () => goBack(q) },
              'Back',
            )
          : null,
        h('a', { class: 'button button--subtle', href: errorHref }, 'Cancel'),
      ),
      message,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const answer = form.querySelector(`input[name="${name}"]:checked`)?.value;
      if (!answer) {
        message.replaceChildren(notice('error', null, h('p', null, 'Choose Yes or No.')));
        form.querySelector('input')?.focus();
        return;
      }
      withBusy(next, 'Saving…', async () => {
        try {
          // Q2 is answerable only while it is the current question (SPEC decision 5): changing an
          // earlier Q2 answer goes back through Q1, which the service clears Q2 for.
          if (q.questionId === 'sameUser' && q.answers?.sameUser) {
            await ctx.api.answer(id, 'userExistsOnPremises', q.answers.userExistsOnPremises ?? 'no');
          }
          show(await ctx.api.answer(id, q.questionId, answer));
        } catch (failure) {
          message.replaceChildren(problemNotice(failure, 'The answer was not accepted.'), reloadButton());
        }
      });
    });
    if (!q.suggestedAnswer) {
      // Shown again by Back without having been seen in this visit: no suggestion or evidence to show.
      return [title, form];
    }
    return [
      title,
      h(
        'p',
        { id: 'suggestion', class: 'suggestion' },
        'Suggested answer: ',
        h('strong', { dataset: { testid: 'suggested-answer' } }, q.suggestedAnswer === 'yes' ? 'Yes' : 'No'),
        '. The service suggests it from the evidence below; your answer decides.',
      ),
      h(
        'section',
        { class: 'evidence', 'aria-labelledby': 'evidence-title' },
        h('h3', { id: 'evidence-title' }, 'Evidence'),
        q.questionId === 'userExistsOnPremises'
          ? userExistsEvidence(q.evidence)
          : sameUserEvidence(q.evidence),
      ),
      h(
        'details',
        { class: 'howto' },
        h('summary', null, 'How to answer this question'),
        h(
          'ol',
          null,
          (HOW_TO[q.questionId] ?? []).map((line) => h('li', null, line)),
        ),
      ),
      form,
    ];
  }

  function userExistsEvidence(e = {}) {
    const copy = e.connectorSpaceDn ? copyButton(e.connectorSpaceDn, 'Copy the DN') : null;
    return [
      e.summary ? h('p', { class: 'evidence__summary' }, e.summary) : null,
      definitionList([
        ['Existing object’s user principal name', orDash(e.existingUserPrincipalName)],
        ['Existing object ID', h('span', { class: 'mono' }, orDash(e.existingObjectId))],
        ['Its source anchor', h('span', { class: 'mono' }, e.sourceAnchor ?? 'none (cloud-only object)')],
        [
          'Connector-space DN to search for',
          e.connectorSpaceDn
            ? h('span', { class: 'dn' }, h('code', { class: 'mono' }, e.connectorSpaceDn), copy)
            : '—',
        ],
        ['On-premises object found', yesNo(e.sourceObjectFound)],
        e.sourceObjectFound ? ['Its distinguished name', orDash(e.distinguishedName)] : null,
        e.sourceObjectFound
          ? ['Connector-space state', CONNECTOR_STATES[e.connectorState] ?? orDash(e.connectorState)]
          : null,
        e.sourceObjectFound ? ['In sync scope', yesNo(e.inScope)] : null,
        e.sourceObjectFound ? ['Deleted on-premises', yesNo(e.deletedOnPremises)] : null,
      ]),
    ];
  }

  function sameUserEvidence(e = {}) {
    const rows = [
      ['Display name', e.displayName],
      ['On-premises UPN', e.userPrincipalName],
      // Not compared: the UPN each cloud object has now, the placeholder for a quarantined one.
      [
        'Cloud UPN (now)',
        {
          existing: field(error.existingObject, 'cloudUserPrincipalName'),
          conflicting: field(error.conflictingObject, 'cloudUserPrincipalName'),
          compared: false,
        },
        'cloudUserPrincipalName',
      ],
      ['Object ID', e.objectId],
    ];
    // The cloud objects' directory roles, from the step's guidance, when either holds one: not compared.
    const g = step?.guidance;
    if (g && ((g.existing?.directoryRoles ?? []).length || (g.conflicting?.directoryRoles ?? []).length)) {
      rows.push([
        'Directory roles',
        { existing: rolesText(g.existing), conflicting: rolesText(g.conflicting), compared: false },
        'directoryRoles',
      ]);
    }
    return h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table compare', dataset: { testid: 'same-user-evidence' } },
        h('caption', { class: 'visually-hidden' }, 'The two accounts compared'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'Attribute'),
            h('th', { scope: 'col' }, 'Existing object'),
            h('th', { scope: 'col' }, 'Conflicting object'),
            h('th', { scope: 'col' }, 'Comparison'),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map(([label, compared, name]) => {
            const notCompared = compared?.compared === false;
            const equal = notCompared || Boolean(compared?.equal);
            const shown = (text) => (text === null || text === undefined || text === '' ? '—' : value(text));
            return h(
              'tr',
              { class: equal ? null : 'compare__diff', dataset: { field: name ?? null } },
              h('th', { scope: 'row' }, label),
              h('td', { dataset: { label: 'Existing object' } }, shown(compared?.existing)),
              h('td', { dataset: { label: 'Conflicting object' } }, shown(compared?.conflicting)),
              h(
                'td',
                { dataset: { label: 'Comparison' } },
                notCompared
                  ? h('span', { class: 'muted' }, 'Not compared')
                  : equal
                    ? h('span', { class: 'same-mark' }, h('span', { 'aria-hidden': 'true' }, '= '), 'Equal')
                    : h(
                        'span',
                        { class: 'diff-mark' },
                        h('span', { 'aria-hidden': 'true' }, '≠ '),
                        'Different',
                      ),
              ),
            );
          }),
        ),
      ),
    );
  }

  /** The question Back returns to from `from` (a question or an outcome), if the diagnosis is still open. */
  function backTarget(from) {
    const answers = from.answers ?? {};
    if (answers.closed) return null;
    if (from.kind === 'question') return from.questionId === 'sameUser' ? 'userExistsOnPremises' : null;
    if (!['fixAvailable', 'closedFixOnPremises', 'closedNotSameUser'].includes(from.outcome)) return null;
    return answers.sameUser ? 'sameUser' : answers.userExistsOnPremises ? 'userExistsOnPremises' : null;
  }

  /** Shows an earlier question again, its stored answer chosen; answering it again is allowed (decision 5). */
  function goBack(from) {
    const target = backTarget(from);
    const cached = seen[target];
    const q = cached ?? {
      kind: 'question',
      questionId: target,
      text:
        target === 'sameUser'
          ? 'Do both of these accounts belong to the same user?'
          : 'Does the user exist in your on-premises Active Directory?',
      suggestedAnswer: null,
      evidence: {},
      answers: from.answers,
    };
    step = { ...q, answers: from.answers };
    renderStepper(stepper, step);
    const title = h('h2', { class: 'wizard__title', tabindex: '-1' });
    replace(panel, questionView(step, title, from.answers?.[target] ?? null));
    panel.dataset.step = target;
    title.focus();
  }

  // ---- outcomes

  function outcomeView(o, title, extra) {
    const message = h('div', { class: 'form__message' });
    const learnMore = o.learnMore?.url
      ? h('p', null, externalLink(o.learnMore.text || 'Learn more', o.learnMore.url))
      : null;
    const back = backTarget(o)
      ? h('button', { type: 'button', class: 'button button--secondary', onclick: () => goBack(o) }, 'Back')
      : null;
    const toError = h('a', { class: 'button button--secondary', href: errorHref }, 'Back to the error');
    const statusLine = h(
      'p',
      { class: 'wizard__status' },
      'Diagnose status: ',
      statusBadge(o.outcome === 'resolved' ? 'Resolved' : o.diagnoseStatus),
    );

    // ExistingAdminRoleConflict: the service does Microsoft's four steps itself (guidance.guidedFix).
    if (isAdminRoleFix(o)) return adminRoleFixView(o, title, { message, statusLine, toError });

    switch (o.outcome) {
      case 'fixAvailable': {
        title.textContent = 'Fix available: orphaned object';
        const fix = o.fix ?? {};
        const apply = h(
          'button',
          { type: 'button', class: 'button', dataset: { action: 'apply-fix' } },
          'Apply Fix',
        );
        const commands = h('div', { class: 'commandbar' }, apply, back, toError);
        const confirmation = h('div', { hidden: true });
        const closeConfirmation = () => {
          confirmation.hidden = true;
          confirmation.replaceChildren();
          commands.hidden = false;
        };
        const applyFix = (button) =>
          withBusy(button, 'Applying the fix…', async () => {
            message.replaceChildren();
            try {
              const result = await ctx.api.applyFix(id);
              const after = await ctx.api.getDiagnosis(id);
              show(after, { extra: result });
              ctx.announce('The fix was applied. The error is Pending Sync.');
            } catch (failure) {
              closeConfirmation();
              const box = problemNotice(failure, 'The fix was not applied.');
              box.dataset.testid = 'fix-refused';
              const guidance = FIX_GUIDANCE[failure?.code];
              if (guidance) box.append(h('p', { class: 'notice__guidance' }, guidance));
              if (failure?.code === 'UserWritebackEnabled') {
                box.append(h('p', null, h('a', { href: '#/settings' }, 'Open the settings')));
              }
              message.replaceChildren(box);
            }
          });
        // Apply Fix first asks: it names the object the fix deletes permanently.
        apply.addEventListener('click', () => {
          message.replaceChildren();
          askToConfirm({
            confirmation,
            commands,
            apply,
            close: closeConfirmation,
            title: 'Apply the fix?',
            onConfirm: (confirm) => applyFix(confirm),
            body: [
              fix.conflictingObjectIdToDelete
                ? [
                    h(
                      'p',
                      null,
                      'This object will be deleted permanently from Microsoft Entra ID. Only Undo, before the next sync cycle, brings it back.',
                    ),
                    definitionList([
                      ['Display name', orDash(field(error.conflictingObject, 'displayName'))],
                      ['Object ID', h('span', { class: 'mono' }, fix.conflictingObjectIdToDelete)],
                      [
                        'Cloud UPN (now)',
                        value(orDash(field(error.conflictingObject, 'cloudUserPrincipalName'))),
                      ],
                    ]),
                  ]
                : h(
                    'p',
                    null,
                    'No object will be deleted: the conflicting object was never provisioned in Microsoft Entra ID.',
                  ),
              h(
                'p',
                null,
                'The existing object ',
                h('span', { class: 'mono' }, orDash(fix.existingObjectId)),
                ' takes the source anchor ',
                h('span', { class: 'mono' }, orDash(fix.newSourceAnchor)),
                '.',
              ),
            ],
          });
        });
        return [
          title,
          h('p', null, o.message),
          definitionList([
            [
              'Existing object (keeps its data and licenses)',
              h('span', { class: 'mono' }, orDash(fix.existingObjectId)),
            ],
            ['Its new source anchor', h('span', { class: 'mono' }, orDash(fix.newSourceAnchor))],
            [
              'Conflicting object deleted permanently',
              fix.conflictingObjectIdToDelete
                ? h('span', { class: 'mono' }, fix.conflictingObjectIdToDelete)
                : 'none (it was never provisioned)',
            ],
          ]),
          notice(
            'info',
            null,
            h(
              'p',
              null,
              'Apply Fix changes only the source anchor and deletes the conflicting object. You can undo it from the audit trail until the next sync cycle, while neither object has changed since.',
            ),
          ),
          statusLine,
          commands,
          confirmation,
          message,
        ];
      }
      case 'closedFixOnPremises':
      case 'closedNotSameUser': {
        title.textContent = 'No fix available from Microsoft Entra ID';
        const close = h('button', { type: 'button', class: 'button', dataset: { action: 'close' } }, 'Close');
        close.addEventListener('click', () =>
          withBusy(close, 'Closing…', async () => {
            message.replaceChildren();
            try {
              const result = await ctx.api.close(id);
              show(result.diagnosis ?? (await ctx.api.getDiagnosis(id)));
              ctx.announce('Diagnosis closed: Manual Fix Required.');
            } catch (failure) {
              message.replaceChildren(problemNotice(failure, 'The diagnosis could not be closed.'));
            }
          }),
        );
        return [
          title,
          h('p', null, o.message),
          learnMore,
          h(
            'p',
            { class: 'muted' },
            'Closing sets the diagnose status to Manual Fix Required until the next sync cycle.',
          ),
          statusLine,
          h('div', { class: 'commandbar' }, close, back, toError),
          message,
        ];
      }
      case 'closed':
        title.textContent = 'Diagnosis closed';
        return [
          title,
          statusLine,
          h('p', null, o.message),
          learnMore,
          h(
            'div',
            { class: 'commandbar' },
            toError,
            ctx.cycleButton('Run sync cycle', 'button button--secondary'),
          ),
        ];
      case 'notApplicable':
        // No questions for this error: the service's reason, then its type's guidance and evidence.
        title.textContent = o.guidance
          ? `No diagnosis questions for this error: ${o.guidance.errorType}`
          : 'No diagnosis for this error';
        return [
          title,
          statusLine,
          o.guidance && o.guidance.category !== 'DuplicateAttribute'
            ? null
            : h('p', { dataset: { testid: 'not-applicable-reason' } }, o.message),
          o.guidance
            ? guidanceSection(o.guidance, { headingLevel: 'h3', idPrefix: 'wizard-guidance' })
            : learnMore,
          o.guidance
            ? h(
                'section',
                { class: 'evidence', 'aria-labelledby': 'evidence-title' },
                h('h3', { id: 'evidence-title' }, 'Evidence'),
                guidanceObjects(
                  o.guidance,
                  o.guidance.existing ? 'The two objects side by side' : 'The object this error is about',
                ),
              )
            : null,
          h('div', { class: 'commandbar' }, toError),
        ];
      case 'fixApplied': {
        title.textContent = 'Fix applied';
        const adminRole = o.guidance?.errorType === 'ExistingAdminRoleConflict';
        const siblings = (extra?.pendingSyncErrorIds ?? []).filter((e) => e !== id);
        const undo = extra?.auditEventId
          ? h(
              'button',
              { type: 'button', class: 'button button--secondary', dataset: { action: 'undo' } },
              'Undo fix',
            )
          : h('a', { class: 'button button--secondary', href: '#/audit' }, 'Audit trail (undo)');
        if (extra?.auditEventId) {
          undo.addEventListener('click', () =>
            withBusy(undo, 'Undoing…', async () => {
              message.replaceChildren();
              try {
                await ctx.api.undo(extra.auditEventId);
                show(await ctx.api.getDiagnosis(id));
                ctx.announce('The fix was undone.');
              } catch (failure) {
                message.replaceChildren(problemNotice(failure, 'The fix could not be undone.'));
                // Refused: the service will not undo it now, so the button goes; its message stays.
                if (isRefusal(failure)) undo.hidden = true;
              }
            }),
          );
        }
        return [
          title,
          statusLine,
          h('p', null, o.message),
          extra
            ? notice(
                'success',
                adminRole
                  ? 'The admin roles were removed and the quarantined object deleted.'
                  : 'The source anchor was moved.',
                h(
                  'p',
                  null,
                  extra.deletedObjectId
                    ? `The conflicting object ${extra.deletedObjectId} was deleted permanently. `
                    : '',
                  siblings.length
                    ? `${siblings.length} other error${siblings.length === 1 ? '' : 's'} of the same object moved to Pending Sync too.`
                    : '',
                ),
              )
            : null,
          h(
            'p',
            { class: 'muted' },
            adminRole
              ? 'The next sync cycle soft matches the on-premises user to the cloud user, gives its roles back and clears the error.'
              : 'The next sync cycle matches the on-premises object to the existing object and clears the error.',
          ),
          notice(
            'warning',
            'Undo ends with the next sync cycle',
            h(
              'p',
              { dataset: { testid: 'undo-window' } },
              'You can undo this fix until the next sync cycle runs. The next sync cycle ends the chance to undo: after it, the fix stays.',
            ),
          ),
          h('div', { class: 'commandbar' }, ctx.cycleButton(), undo, toError),
          message,
        ];
      }
      case 'resolved':
        title.textContent = 'Resolved';
        return [
          title,
          statusLine,
          // Its own sentence, so that the time reads like every other date here (dom.js formatDate).
          o.resolvedAt
            ? h(
                'p',
                { dataset: { testid: 'resolved-at' } },
                'The sync error was resolved by the sync cycle at ',
                time(o.resolvedAt),
                '.',
              )
            : h('p', null, o.message),
          h(
            'div',
            { class: 'commandbar' },
            h('a', { class: 'button', href: '#/errors' }, 'Back to the list'),
          ),
        ];
      default:
        title.textContent = 'Diagnosis';
        return [title, statusLine, h('p', null, o.message ?? ''), h('div', { class: 'commandbar' }, toError)];
    }
  }

  /** An error whose remedy the service does itself, not yet applied: the guided fix can be offered. */
  function isAdminRoleFix(o) {
    return (
      o.guidance?.errorType === 'ExistingAdminRoleConflict' &&
      Boolean(o.guidance.guidedFix) &&
      (o.outcome === 'notApplicable' || o.outcome === 'fixAvailable')
    );
  }

  /**
   * The guided fix of an ExistingAdminRoleConflict: the guidance and both objects, then Apply Fix,
   * which asks first, naming the roles it removes (given back by the next cycle) and the quarantined
   * object it deletes permanently.
   */
  function adminRoleFixView(o, title, { message, statusLine, toError }) {
    const g = o.guidance;
    const admin = g.existing ?? {};
    const quarantined = g.conflicting ?? {};
    title.textContent = 'Guided fix available: existing admin role conflict';
    const apply = h(
      'button',
      { type: 'button', class: 'button', dataset: { action: 'apply-fix' } },
      'Apply Fix',
    );
    const commands = h('div', { class: 'commandbar' }, apply, toError);
    const confirmation = h('div', { hidden: true });
    const closeConfirmation = () => {
      confirmation.hidden = true;
      confirmation.replaceChildren();
      commands.hidden = false;
    };
    apply.addEventListener('click', () => {
      message.replaceChildren();
      askToConfirm({
        confirmation,
        commands,
        apply,
        close: closeConfirmation,
        title: 'Apply the guided fix?',
        onConfirm: (confirm) =>
          withBusy(confirm, 'Applying the fix…', async () => {
            try {
              const result = await ctx.api.applyFix(id);
              show(await ctx.api.getDiagnosis(id), { extra: result });
              ctx.announce('The fix was applied. The error is Pending Sync.');
            } catch (failure) {
              closeConfirmation();
              const box = problemNotice(failure, 'The fix was not applied.');
              box.dataset.testid = 'fix-refused';
              const guidance = FIX_GUIDANCE[failure?.code];
              if (guidance) box.append(h('p', { class: 'notice__guidance' }, guidance));
              message.replaceChildren(box);
            }
          }),
        body: [
          definitionList([
            ['Roles removed from', value(orDash(admin.userPrincipalName ?? admin.displayName))],
            ['Roles (given back by the next sync cycle)', rolesText(admin)],
            [
              'Quarantined object deleted permanently',
              h('span', { class: 'mono' }, orDash(quarantined.objectId)),
            ],
            ['Its cloud UPN (now)', value(orDash(quarantined.cloudUserPrincipalName))],
          ]),
          h('p', null, 'Only Undo, before the next sync cycle, brings the object and the roles back.'),
        ],
      });
    });
    return [
      title,
      statusLine,
      guidanceSection(g, { headingLevel: 'h3', idPrefix: 'wizard-guidance' }),
      h(
        'section',
        { class: 'evidence', 'aria-labelledby': 'evidence-title' },
        h('h3', { id: 'evidence-title' }, 'Evidence'),
        guidanceObjects(g, 'The two objects side by side'),
      ),
      commands,
      confirmation,
      message,
    ];
  }

  function reloadButton() {
    return h(
      'button',
      {
        type: 'button',
        class: 'button button--secondary',
        onclick: async () => show(await ctx.api.getDiagnosis(id)),
      },
      'Reload the diagnosis',
    );
  }

  show(step, { focus: false });
}

function copyButton(text, label) {
  const button = h('button', { type: 'button', class: 'button button--subtle button--small' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    window.setTimeout(() => {
      button.textContent = label;
    }, 2000);
  });
  return button;
}

/** Steps 1–3 with the current one marked; a question the path skipped says so. */
function renderStepper(list, step) {
  const answers = step.answers ?? {};
  let current;
  if (step.kind === 'question') current = step.questionId === 'userExistsOnPremises' ? 0 : 1;
  else current = 2;
  const skipped = (i) =>
    (i === 1 && step.kind === 'outcome' && answers.userExistsOnPremises !== 'no') ||
    (i < 2 && step.kind === 'outcome' && step.outcome === 'notApplicable') ||
    // An error that is not a duplicate (an admin role conflict, after its guided fix too) has no questions.
    (i < 2 && step.guidance !== undefined && step.guidance.category !== 'DuplicateAttribute');
  replace(
    list,
    STEP_LABELS.map((label, i) => {
      const state = i === current ? 'current' : skipped(i) ? 'skipped' : i < current ? 'done' : 'todo';
      const stateText = { current: 'current step', done: 'done', skipped: 'skipped', todo: 'not yet' }[state];
      return h(
        'li',
        {
          class: `stepper__item stepper__item--${state}`,
          'aria-current': state === 'current' ? 'step' : null,
        },
        h('span', { class: 'stepper__num', 'aria-hidden': 'true' }, state === 'done' ? '✓' : String(i + 1)),
        h('span', { class: 'stepper__label' }, label),
        h('span', { class: 'visually-hidden' }, ` (${stateText})`),
      );
    }),
  );
}

/**
 * The confirmation step of a fix, shown in `confirmation` in place of `commands`: a heading, what the
 * fix will do (`body`), Confirm (given to `onConfirm`) and Cancel, which gives focus back to `apply`.
 */
function askToConfirm({ confirmation, commands, apply, close, title, body, onConfirm }) {
  const cancel = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { action: 'cancel-fix' } },
    'Cancel',
  );
  const confirm = h(
    'button',
    { type: 'button', class: 'button', dataset: { action: 'confirm-fix' } },
    'Confirm',
  );
  cancel.addEventListener('click', () => {
    close();
    apply.focus();
  });
  confirm.addEventListener('click', () => onConfirm(confirm));
  const heading = h('h3', { id: 'confirm-fix-title', class: 'confirm__title', tabindex: '-1' }, title);
  replace(
    confirmation,
    h(
      'section',
      {
        class: 'confirm',
        role: 'group',
        'aria-labelledby': 'confirm-fix-title',
        dataset: { testid: 'confirm-fix' },
      },
      heading,
      ...body,
      h('div', { class: 'commandbar' }, confirm, cancel),
    ),
  );
  confirmation.hidden = false;
  commands.hidden = true;
  heading.focus();
}
