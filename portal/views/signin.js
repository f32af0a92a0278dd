// @ts-check
import { apiEnums } from '../apiEnums.js';
import { DEV_ROLE_LABELS, recentTenants } from '../auth.js';
import { h, notice, problemNotice, statusOf, withBusy } from '../dom.js';

/** @import { Role } from '../apiTypes.js' */
/** @import { Ctx } from '../types.js' */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 */
export async function renderSignIn(ctx, container) {
  if (ctx.auth.mode === 'entra') return renderEntra(ctx, container);
  return renderDev(ctx, container, await devRoles(ctx));
}

/**
 * The roles a dev token can carry, in the service's order (its OpenAPI document); the ones this portal
 * has words for when the document cannot be read, so that the form still shows and sign-in says why.
 * @param {Ctx} ctx
 * @returns {Promise<Role[]>}
 */
async function devRoles(ctx) {
  try {
    const { role } = await apiEnums(ctx.api);
    if (role.length) return role;
  } catch {
    // Shown by the sign-in itself, which asks the same service.
  }
  return /** @type {Role[]} */ (Object.keys(DEV_ROLE_LABELS));
}

/**
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 */
function renderEntra(ctx, container) {
  const message = h('div', { class: 'form__message' });
  const button = h('button', { type: 'button', class: 'button' }, 'Sign in with Microsoft');
  button.addEventListener('click', () =>
    withBusy(button, 'Redirecting…', async () => {
      try {
        await ctx.auth.signIn();
      } catch (error) {
        message.replaceChildren(problemNotice(error, 'Sign-in failed.'));
      }
    }),
  );
  container.append(
    h(
      'section',
      { class: 'card signin' },
      h('h1', null, 'Sign in'),
      h(
        'p',
        null,
        'Sign in with your Microsoft Entra ID work account. A Global Administrator or a Contributor of the tenant can diagnose and fix its sync errors.',
      ),
      button,
      message,
    ),
  );
}

/**
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 * @param {Role[]} roles
 */
function renderDev(ctx, container, roles) {
  const recent = recentTenants();
  const tenantInput = h('input', {
    id: 'signin-tenant',
    name: 'tenantId',
    type: 'text',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    list: 'signin-recent',
    'aria-describedby': 'signin-tenant-hint',
    value: recent[0] ?? crypto.randomUUID(),
    class: 'input input--mono',
  });
  const roleSelect = h(
    'select',
    { id: 'signin-role', name: 'role', class: 'input' },
    roles.map((role) => h('option', { value: role }, DEV_ROLE_LABELS[role] ?? role)),
  );
  const nameInput = h('input', {
    id: 'signin-name',
    name: 'name',
    type: 'text',
    autocomplete: 'name',
    maxlength: '256',
    value: 'Portal Admin',
    class: 'input',
  });
  const message = h('div', { class: 'form__message' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Sign in');

  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'signin-title' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'signin-tenant' }, 'Tenant ID'),
      h(
        'div',
        { class: 'field__row' },
        tenantInput,
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary',
            onclick: () => {
              tenantInput.value = crypto.randomUUID();
              tenantInput.focus();
            },
          },
          'New tenant',
        ),
      ),
      h(
        'p',
        { id: 'signin-tenant-hint', class: 'field__hint' },
        'A GUID. Each tenant has its own objects and errors; "New tenant" makes an empty one.',
      ),
      h(
        'datalist',
        { id: 'signin-recent' },
        recent.map((t) => h('option', { value: t })),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'signin-role' }, 'Role'),
      roleSelect,
      h(
        'p',
        { class: 'field__hint' },
        'Global Administrator or Contributor may diagnose and fix; the others show what a refusal looks like.',
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'signin-name' }, 'Display name (optional, shown in the audit trail)'),
      nameInput,
    ),
    submit,
    message,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const tenantId = tenantInput.value.trim();
    if (!GUID.test(tenantId)) {
      tenantInput.setAttribute('aria-invalid', 'true');
      message.replaceChildren(notice('error', null, h('p', null, 'Enter the tenant ID as a GUID.')));
      tenantInput.focus();
      return;
    }
    tenantInput.removeAttribute('aria-invalid');
    message.replaceChildren();
    withBusy(submit, 'Signing in…', async () => {
      try {
        await ctx.auth.signIn(ctx.api, {
          tenantId,
          role: /** @type {Role} */ (roleSelect.value),
          name: nameInput.value.trim() || undefined,
        });
        ctx.signInMessage = null;
        ctx.signedIn();
      } catch (error) {
        const title =
          statusOf(error) === 404
            ? 'This service does not offer development sign-in (it does not run with AUTH_MODE=dev).'
            : 'Sign-in failed.';
        message.replaceChildren(problemNotice(error, title));
      }
    });
  });

  container.append(
    h(
      'section',
      { class: 'card signin' },
      h('h1', { id: 'signin-title' }, 'Sign in (development)'),
      h(
        'p',
        null,
        'This service runs with AUTH_MODE=dev: pick a tenant and a role, and the service signs a token for them. In production the portal signs in with Microsoft Entra ID instead.',
      ),
      ctx.signInMessage ? notice('warning', null, h('p', null, ctx.signInMessage)) : null,
      form,
    ),
  );
}
