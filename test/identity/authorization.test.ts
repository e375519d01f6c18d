import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actions, can, staffRoles, type Action, type Actor, type StaffRole } from '../../src/modules/identity/index.js';

const tenant = 'tenant-sn';
const otherTenant = 'tenant-bw';
const authority = 'authority-lfulg';
const otherAuthority = 'authority-oba';
const applicant = 'account-applicant';

/** The expected answer for a staff member with `role` at the resource's own authority (deny by default). */
const allowedFor: Record<StaffRole, Action[]> = {
  caseWorker: ['application.read', 'case.read', 'case.act', 'records.plan.read', 'records.read', 'records.file'],
  teamLead: ['application.read', 'case.read', 'case.act', 'case.assign', 'case.approve', 'call.ranking.read', 'records.plan.read', 'records.read', 'records.file'],
  recordsManager: ['application.read', 'case.read', 'records.manage', 'records.plan.read', 'records.plan.edit', 'records.read', 'records.file', 'records.accessLog'],
  procedureAdmin: [
    'catalog.service.edit',
    'procedure.admin',
    'procedures.studio.read',
    'procedures.studio.edit',
    'procedures.studio.approve',
    'call.ranking.read',
    'records.plan.read',
  ],
  steering: ['steering.read', 'steering.maturity.edit'],
  tenantAdmin: [
    'catalog.service.edit',
    'procedure.admin',
    'procedures.studio.read',
    'call.ranking.read',
    'steering.read',
    'steering.maturity.edit',
    'staff.manage',
    'apiClient.manage',
    'records.plan.read',
    'records.plan.edit',
  ],
  dataProtectionOfficer: ['records.accessLog'],
  platformOperator: ['platform.tenants.read', 'platform.tenants.manage'],
};

/** tenantAdmin and platformOperator (and steering without an authority) hold for the whole tenant; other roles for one authority. */
const tenantWide = (role: StaffRole) => role === 'tenantAdmin' || role === 'platformOperator';

/** Actions on the platform itself (every tenant): the operator's account lives in one tenant and acts for all. */
const platformActions: Action[] = ['platform.tenants.read', 'platform.tenants.manage'];

function staff(role: StaffRole, tenantId = tenant, authorityId: string | null = tenantWide(role) ? null : authority): Actor {
  return { kind: 'staff', tenantId, accountId: `staff-${role}`, name: role, trustLevel: 'substanziell', memberships: [{ authorityId, role }] };
}

const resource = { tenantId: tenant, authorityId: authority, ownerAccountId: applicant };

describe('can(actor, action, resource): the matrix', () => {
  it('covers every action in the table', () => {
    assert.deepEqual([...actions].sort(), [
      'apiClient.manage',
      'application.create',
      'application.read',
      'application.submit',
      'application.withdraw',
      'call.ranking.read',
      'case.act',
      'case.approve',
      'case.assign',
      'case.read',
      'catalog.service.edit',
      'organisation.manage',
      'organisation.read',
      'platform.tenants.manage',
      'platform.tenants.read',
      'procedure.admin',
      'procedures.studio.approve',
      'procedures.studio.edit',
      'procedures.studio.read',
      'records.accessLog',
      'records.file',
      'records.manage',
      'records.plan.edit',
      'records.plan.read',
      'records.read',
      'staff.manage',
      'steering.maturity.edit',
      'steering.read',
    ]);
  });

  for (const role of staffRoles) {
    for (const action of actions) {
      const expected = allowedFor[role].includes(action);
      it(`${role} ${expected ? 'may' : 'may not'} ${action} at their own authority`, () => {
        assert.equal(can(staff(role), action, resource), expected);
      });
      it(`${role} of another authority may not ${action}${tenantWide(role) ? ' (tenant-wide role: same answer)' : ''}`, () => {
        const actor = staff(role, tenant, tenantWide(role) ? null : otherAuthority);
        assert.equal(can(actor, action, resource), tenantWide(role) ? expected : false);
      });
      const platformWide = platformActions.includes(action) && expected;
      it(`${role} of another tenant ${platformWide ? 'may (the platform is every tenant’s)' : 'may not'} ${action}`, () => {
        assert.equal(can(staff(role, otherTenant), action, resource), platformWide);
      });
    }
  }

  for (const action of actions) {
    it(`an anonymous visitor may not ${action}`, () => {
      assert.equal(can({ kind: 'anonymous', tenantId: tenant }, action, resource), false);
    });
  }

  const citizen = (accountId: string, actingFor: string | null = null, tenantId = tenant): Actor => ({
    kind: 'citizen',
    tenantId,
    accountId,
    name: 'C',
    trustLevel: 'basis',
    actingFor: actingFor ? { accountId: actingFor, name: 'Org' } : null,
  });

  for (const action of actions) {
    const ownAllowed = ['application.create', 'application.read', 'application.submit', 'application.withdraw'].includes(action);
    it(`the applicant ${ownAllowed ? 'may' : 'may not'} ${action} on their own application`, () => {
      assert.equal(can(citizen(applicant), action, resource), ownAllowed);
    });
    it(`another citizen may ${action === 'application.create' ? '' : 'not '}${action} on it`, () => {
      assert.equal(can(citizen('someone-else'), action, resource), action === 'application.create');
    });
    it(`a citizen of another tenant may not ${action}`, () => {
      assert.equal(can(citizen(applicant, null, otherTenant), action, resource), false);
    });
  }

  it('a member acting for an organisation reads the organisation’s applications, not their own', () => {
    const member = citizen('person-1', 'org-1');
    assert.equal(can(member, 'application.read', { tenantId: tenant, ownerAccountId: 'org-1' }), true);
    assert.equal(can(member, 'application.read', { tenantId: tenant, ownerAccountId: 'person-1' }), false);
  });

  it('organisation members read its member list; only its administrators manage it; nobody else, nowhere else', () => {
    const member = (role: 'admin' | 'member', tenantId = tenant): Actor => ({ ...citizen('person-1', null, tenantId), organisations: [{ accountId: 'org-1', role }] }) as Actor;
    const org = { tenantId: tenant, organisationId: 'org-1' };
    assert.equal(can(member('member'), 'organisation.read', org), true);
    assert.equal(can(member('member'), 'organisation.manage', org), false);
    assert.equal(can(member('admin'), 'organisation.read', org), true);
    assert.equal(can(member('admin'), 'organisation.manage', org), true);
    assert.equal(can(member('admin'), 'organisation.manage', { tenantId: tenant, organisationId: 'org-2' }), false, 'another organisation');
    assert.equal(can(member('admin'), 'organisation.manage', { tenantId: tenant }), false, 'no organisation named');
    assert.equal(can(member('admin', otherTenant), 'organisation.manage', { ...org, tenantId: otherTenant }), true, 'the same in its own tenant');
    assert.equal(can(member('admin', otherTenant), 'organisation.manage', org), false, 'another tenant');
    assert.equal(can(citizen('person-2', 'org-1'), 'organisation.read', org), false, 'acting for it is not belonging to it');
    assert.equal(can(staff('tenantAdmin'), 'organisation.manage', org), false);
  });

  it('an application without an owner is nobody’s to read', () => {
    assert.equal(can(citizen(applicant), 'application.read', { tenantId: tenant }), false);
  });

  it('an authority-bound role needs the resource’s authority; a tenant-wide steering role does not', () => {
    assert.equal(can(staff('caseWorker'), 'case.read', { tenantId: tenant }), false);
    assert.equal(can(staff('steering', tenant, null), 'steering.read', { tenantId: tenant }), true);
    assert.equal(can(staff('steering', tenant, otherAuthority), 'steering.read', resource), false);
  });

  it('an API client may only use its scopes, at its own authority, in its own tenant', () => {
    const client: Actor = { kind: 'apiClient', tenantId: tenant, clientId: 'c1', authorityId: authority, scopes: ['case.read'] };
    assert.equal(can(client, 'case.read', resource), true);
    assert.equal(can(client, 'case.act', resource), false);
    assert.equal(can(client, 'case.read', { ...resource, authorityId: otherAuthority }), false);
    assert.equal(can(client, 'case.read', { ...resource, tenantId: otherTenant }), false);
    // A scope that is not an API action (here staff.manage) grants nothing even if stored.
    assert.equal(can({ ...client, scopes: ['staff.manage'] } as Actor, 'staff.manage', { tenantId: tenant, authorityId: authority }), false);
  });

  it('an API client with the steering.read scope reads its own tenant’s figures, whatever its authority; not another tenant’s', () => {
    const reader: Actor = { kind: 'apiClient', tenantId: tenant, clientId: 'bi', authorityId: authority, scopes: ['steering.read'] };
    assert.equal(can(reader, 'steering.read', { tenantId: tenant }), true);
    assert.equal(can(reader, 'steering.read', { tenantId: otherTenant }), false);
    assert.equal(can({ ...reader, scopes: ['case.read'] }, 'steering.read', { tenantId: tenant }), false);
    assert.equal(can(reader, 'steering.maturity.edit', { tenantId: tenant }), false, 'reading is all a client may');
  });

  it('an unknown action is denied', () => {
    assert.equal(can(staff('tenantAdmin'), 'everything.delete' as Action, resource), false);
  });

  it('the platform operator’s role counts only tenant-wide; a tenant administrator never reaches the platform', () => {
    for (const action of platformActions) {
      assert.equal(can(staff('platformOperator', tenant, authority), action, resource), false, 'held at an authority');
      assert.equal(can(staff('tenantAdmin'), action, { tenantId: tenant }), false, 'the tenant’s own administrator');
      assert.equal(
        can({ kind: 'apiClient', tenantId: tenant, clientId: 'c', authorityId: authority, scopes: [action] }, action, resource),
        false,
        'an API client, whatever its scopes',
      );
    }
  });
});
