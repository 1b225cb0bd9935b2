/** English: the complete catalogue. Every other language must have every key (the type checker enforces it). */
export type Plural = {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
};
export type Message = string | Plural;

export const en = {
  "nav.label": "Main",
  "nav.skip": "Skip to content",
  "nav.dashboard": "Dashboard",
  "nav.users": "Users",
  "nav.language": "Language",
  "nav.signIn": "Sign in",
  "nav.signOut": "Sign out",

  "role.staff": "Staff",
  "role.coordinator": "Coordinator",
  "role.manager": "Manager",
  "role.admin": "Administrator",

  "field.name": "Name",
  "field.email": "Email",
  "field.password": "Password",
  "field.newPassword": "New password",
  "field.passwordConfirm": "New password again",
  "field.currentPassword": "Current password",
  "field.role": "Role",

  "form.required": "Please fill this in.",
  "form.email": "Please enter an email address like name@example.org.",
  "form.tooLong": "This is too long.",
  "form.choose": "Please choose one of the options.",

  "password.hint": "At least {min} characters. A phrase of several words works well.",
  "password.tooShort": "The password must have at least 10 characters.",
  "password.tooLong": "The password must have at most 256 characters.",
  "password.tooCommon": "This password is one of the most common ones; please choose another.",
  "password.mismatch": "The two passwords are not the same.",

  "login.title": "Sign in",
  "login.submit": "Sign in",
  "login.wrong": "The email or password is not right.",
  "login.missing": "Please enter your email and password.",
  "login.throttled": {
    one: "Too many attempts. Please wait {count} second and try again.",
    other: "Too many attempts. Please wait {count} seconds and try again.",
  },
  "login.signedOut": "You have signed out.",

  "setup.title": "Set up Roundtable",
  "setup.intro": "Create the first administrator account. You can invite your colleagues afterwards.",
  "setup.submit": "Create administrator",
  "setup.done": "Welcome! Your administrator account is ready.",

  "setPassword.title": "Choose your password",
  "setPassword.intro": "Choose a password for {email}.",
  "setPassword.submit": "Save password",
  "setPassword.done": "Your password is saved and you are signed in.",

  "link.unusable.title": "This link can no longer be used",
  "link.unusable.body": "It was already used or has expired. Ask an administrator for a new one.",

  "account.title": "Your account",
  "account.changePassword": "Change password",
  "account.currentPasswordWrong": "This is not your current password.",
  "account.tooManyAttempts": "Too many wrong attempts. Please wait a few minutes and try again.",
  "account.passwordChanged": "Your password is changed. Your other sessions have been signed out.",

  "dashboard.greeting": "Welcome, {name}",
  "dashboard.organizations": { one: "organisation", other: "organisations" },
  "dashboard.people": { one: "person", other: "people" },
  "dashboard.activities": { one: "activity", other: "activities" },
  "dashboard.attended": { one: "attendance", other: "attendances" },
  "dashboard.contacts": { one: "logged contact", other: "logged contacts" },
  "dashboard.upcoming": "Coming up",
  "dashboard.noUpcoming": "No activities are planned yet.",

  "users.title": "Users",
  "users.invite": "Invite a user",
  "users.sendInvite": "Create invitation link",
  "users.invited": "Invitation created",
  "users.invitedExplanation":
    "Send this link to {name} ({email}). It lets them choose a password and is valid for 72 hours.",
  "users.resetLink": "Password reset link",
  "users.resetExplanation":
    "Send this link to {name}. It lets them choose a new password and is valid for 24 hours.",
  "users.linkLabel": "One-time link",
  "users.linkOnce": "This link is shown only once. Copy it now.",
  "users.back": "Back to users",
  "users.status": "Status",
  "users.actions": "Actions",
  "users.active": "Active",
  "users.disabled": "Disabled",
  "users.disable": "Disable",
  "users.enable": "Enable",
  "users.roleOf": "Role of {name}",
  "users.saveRole": "Save role",
  "users.saved": "Saved the changes to {name}.",
  "users.emailTaken": "There is already a user with this email.",
  "users.lastAdmin": "This is the last active administrator; make someone else an administrator first.",
  "users.notYourself": "You cannot disable your own account.",

  "errors.401.title": "Please sign in",
  "errors.401.body": "You need to sign in to do this.",
  "errors.403.title": "Not allowed",
  "errors.403.body": "Your role does not allow this. Ask an administrator if you need it.",
  "errors.404.title": "Page not found",
  "errors.404.body": "There is nothing at this address. It may have been moved, or the link is mistyped.",
  "errors.413.title": "Too much data",
  "errors.413.body": "What you sent is larger than this page accepts.",
  "errors.500.title": "Something went wrong",
  "errors.500.body":
    "This is our fault, not yours. Please try again; if it happens again, tell your administrator.",
  "errors.reference": "Reference: {id}",
  "errors.home": "Go to the dashboard",
  "errors.csrf": "This request came from another site and was refused. Reload the page and try again.",

  "nav.organizations": "Organisations",

  "field.kind": "Kind",
  "field.country": "Country",
  "field.countryHint": "Type its name in any of our languages, or its two-letter code.",
  "field.city": "City",
  "field.address": "Address",
  "field.website": "Website",
  "field.phone": "Phone",
  "field.phoneHint": "Local numbers are read with the country above.",
  "field.sectors": "Sectors",
  "field.communitiesServed": "Communities served",
  "field.description": "Description",
  "field.tags": "Tags",
  "field.listHint": "Separate several with commas.",

  "form.fixBelow": "Some fields need attention; see the messages beside them.",
  "form.country": "No country by that name or code; choose one from the suggestions.",
  "form.website": "Please enter a web address like example.org.",

  "orgKind.ngo": "NGO",
  "orgKind.community_group": "Community group",
  "orgKind.government": "Government body",
  "orgKind.parliament": "Parliament",
  "orgKind.international": "International organisation",
  "orgKind.donor": "Donor",
  "orgKind.media": "Media",
  "orgKind.academic": "Academic",
  "orgKind.business": "Business",
  "orgKind.other": "Other",

  "community.national_minorities": "National minorities",
  "community.refugees": "Refugees",
  "community.idps": "Internally displaced people",
  "community.returnees": "Returnees",
  "community.host_community": "Host community",
  "community.women": "Women",
  "community.youth": "Youth",
  "community.other": "Other",

  "directory.search": "Search",
  "directory.any": "Any",
  "directory.apply": "Apply",
  "directory.archived": "Archived",
  "directory.archived.hide": "Hide archived",
  "directory.archived.include": "Include archived",
  "directory.archived.only": "Only archived",
  "directory.archivedBadge": "archived",
  "directory.archivedNotice": "Archived on {date}. It is hidden from lists until restored.",
  "directory.edit": "Edit",
  "directory.save": "Save",
  "directory.archive": "Archive",
  "directory.restore": "Restore",
  "directory.created": "{name} is added.",
  "directory.saved": "Your changes are saved.",
  "directory.archivedFlash": "{name} is archived.",
  "directory.restoredFlash": "{name} is restored.",

  "conflict.body":
    "Someone saved this record while you were editing it. Your input is kept below; these fields were changed meanwhile:",
  "conflict.change": "{field}: now “{value}”",

  "organizations.title": "Organisations",
  "organizations.new": "Add an organisation",
  "organizations.none": "No organisations match.",
  "organizations.count": { one: "{count} organisation", other: "{count} organisations" },

  "pagination.label": "Pages",
  "pagination.previous": "Previous",
  "pagination.next": "Next",
  "pagination.page": "Page {page} of {pages}",

  "nav.people": "People",
  "people.title": "People",
  "people.new": "Add a person",
  "people.none": "No people match.",
  "people.count": { one: "{count} person", other: "{count} people" },
  "people.sensitive": "Sensitive (coordinators and above)",
  "people.sensitiveHidden": "Recorded; visible to coordinators",

  "field.fullName": "Full name",
  "field.otherNames": "Other spellings",
  "field.otherNamesHint": "The same name in other scripts, separated by commas.",
  "field.gender": "Gender",
  "field.birthYear": "Year of birth",
  "field.stakeholderType": "Stakeholder type",
  "field.languages": "Languages",
  "field.notes": "Notes",
  "field.community": "Community or ethnicity",
  "field.displacementStatus": "Displacement status",
  "field.consentStatus": "Consent",
  "field.consentDate": "Consent date",
  "field.consentNote": "Consent note",
  "field.dateHint": "As YYYY-MM-DD, for example 2026-03-15.",

  "form.birthYear": "Please enter a year between 1900 and this year.",
  "form.date": "Please enter a date as YYYY-MM-DD.",
  "directory.notRecorded": "Not recorded",

  "stakeholderType.community_leader": "Community leader",
  "stakeholderType.ngo_representative": "NGO representative",
  "stakeholderType.official": "Official",
  "stakeholderType.parliamentarian": "Parliamentarian",
  "stakeholderType.expert": "Expert",
  "stakeholderType.journalist": "Journalist",
  "stakeholderType.activist": "Activist",
  "stakeholderType.other": "Other",

  "gender.female": "Female",
  "gender.male": "Male",
  "gender.other": "Other",

  "displacement.refugee": "Refugee",
  "displacement.idp": "Internally displaced",
  "displacement.returnee": "Returnee",
  "displacement.none": "Not displaced",

  "consent.unknown": "Not asked yet",
  "consent.given": "Given",
  "consent.refused": "Refused",
  "consent.withdrawn": "Withdrawn",

  "search.title": "Search",
  "search.label": "Search people and organisations",
  "search.placeholder": "Name, email or phone",
  "search.submit": "Search",
  "search.resultsFor": "Results for “{q}”",
  "search.none": "Nothing found. Try part of the name, or another spelling.",
  "search.allPeople": { one: "See the {count} person found", other: "See all {count} people found" },
  "search.allOrganizations": {
    one: "See the {count} organisation found",
    other: "See all {count} organisations found",
  },
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, Message>;
