import type { Dictionary } from '~/utils/i18n'
import type { publicJa } from '../ja/public'

/**
 * Public pages: the seminar list, a seminar, the registration form and its answers, the
 * participant's own pages, the privacy notice. Sent with every page (the console uses many of them too).
 * English: exactly the keys of the Japanese file (a missing or extra key is a type error).
 */
export const publicEn: Dictionary<keyof typeof publicJa> = {
  // attendance: unknown location, the post-hoc sheet, meeting-report merges
  'form.inCityUnknownChoice': 'Unknown / not given',

  // plans, hand-entered actuals, achievement rates and bands
  'field.month': 'Enter a month from 0 (the whole year) to 12.',

  // personal-data hardening
  'field.controlChars': 'Line breaks and control characters are not allowed. Enter one line.',
  'field.noLinks': 'Web addresses and domain names (such as example.com) are not allowed.',
  'registered.title': 'Your registration form was received',
  'registered.lead':
    'We have sent the result of your registration and a link to view, change or cancel it to the email address you entered.',
  'registered.slip':
    'If your seat is confirmed, the email carries your reception slip (QR code) and code. Please show it at the reception.',
  'registered.noMail':
    'If no email arrives, please check your spam folder. If you still cannot find it, contact the organizer.',
  'registered.back': 'Back to the seminar',

  'state.NOT_YET_OPEN': 'Opens soon',
  'state.OPEN': 'Open',
  'state.FEW_LEFT': 'Few seats left',
  'state.WAITLIST': 'Full – waiting list',
  'state.FULL': 'Full',
  'state.CLOSED': 'Closed',
  'mode.IN_PERSON': 'In person',
  'mode.ONLINE': 'Online',
  'mode.HYBRID': 'Hybrid (in person and online)',
  'attend.IN_PERSON': 'Attend in person',
  'attend.ONLINE': 'Attend online',
  'list.title': 'Upcoming seminars',
  'list.filters': 'Filter',
  'list.program': 'Program',
  'list.category': 'Type',
  'list.month': 'Month',
  'list.mode': 'Format',
  'list.all': 'All',
  'list.apply': 'Apply',
  'list.clear': 'Clear filters',
  'list.empty': 'No seminars match these filters.',
  'list.none': 'There are no upcoming seminars yet.',
  'list.noneNext':
    'New seminars appear here as soon as they are published. Subscribe to the calendar to get them in your own calendar too.',
  'list.createOne': 'Create a seminar (organizer console)',
  'list.count': { one: '{count} seminar', other: '{count} seminars' },
  'list.sessions': { one: '{count} session', other: '{count} sessions' },
  'list.firstSession': 'First session',
  'seminar.sessions': 'Schedule',
  'seminar.session': 'Session {number}',
  'seminar.venue': 'Venue',
  'seminar.online': 'Online',
  'seminar.onlineNote': 'The link to join is sent to registered participants.',
  'seminar.capacity': 'Capacity',
  'seminar.capacityValue': { one: '{count} seat', other: '{count} seats' },
  'seminar.unlimited': 'No limit',
  'seminar.seatsLeft': { one: '{count} seat left', other: '{count} seats left' },
  'seminar.seatsFull': 'Full',
  'seminar.window': 'Registration period',
  'seminar.category': 'Type',
  'seminar.register': 'Register',
  'seminar.registerWaitlist': 'Join the waiting list',
  'seminar.notYetOpen': 'Registration opens on {date}.',
  'seminar.closed': 'Registration for this seminar has closed.',
  'seminar.fullNoWaitlist': 'This seminar is full; registration has closed.',
  'calendar.add': 'Add to calendar (.ics)',
  'calendar.subscribe': 'Subscribe to the calendar',
  'calendar.subscribeHint': 'Add this address to your calendar app and the seminar dates stay up to date.',
  'form.title': 'Registration',
  'form.intro': 'Fields marked * are required.',
  'form.name': 'Full name',
  'form.furigana': 'Name in kana (furigana)',
  'form.furiganaHint': 'Hiragana or katakana; optional in English.',
  'form.email': 'Email address',
  'form.emailHint': 'We send your reception slip and a link to change or cancel.',
  'form.organization': 'Organization',
  'form.corporateNumber': 'Corporate number (13 digits)',
  'form.corporateNumberHint': 'Optional. Listed on the National Tax Agency corporate number site.',
  'form.industry': 'Industry',
  'form.industryPlaceholder': 'Choose one',
  'form.inCity': 'Location',
  'form.inCityYes': 'In the city',
  'form.inCityNo': 'Outside the city',
  'form.mode': 'How you attend',
  'form.consent': 'I agree to the handling of my personal data',
  'form.consentLink': 'Privacy notice',
  'form.submit': 'Register',
  'form.submitWaitlist': 'Join the waiting list',
  'form.errorSummary': 'Please check the form.',
  'form.errorSummaryItem': '{label}: {message}',
  'form.waitlistNotice': 'This seminar is full. Your registration will join the waiting list.',
  'form.honeypot': 'Leave this field empty (spam protection)',
  'form.group.title': 'Colleagues registering with you',
  'form.group.intro':
    'You can register colleagues of the same company or organization together (up to {max} people including you). Organization, corporate number, industry, location and attendance mode are the same as yours. Slips of people without an email address are sent to you, the contact person.',
  'form.group.allOrNone':
    'A group is registered only when there are seats for everyone (groups are not put on the waiting list).',
  'form.group.person': 'Person {n}',
  'form.group.emailHint': 'Optional. If given, this person gets their own slip too.',
  'form.group.add': 'Add a person',
  'form.group.remove': 'Remove this person',
  'form.group.max': 'Up to {max} people can register in one form. For more, please send several forms.',
  'form.group.submit': { by: 'n', one: 'Register {n} person', other: 'Register {n} people' },
  'field.required': 'This field is required.',
  'field.invalidEmail': 'Enter a valid email address.',
  'field.invalidKana': 'Use hiragana or katakana.',
  'field.corporateNumberFormat': 'A corporate number has 13 digits.',
  'field.corporateNumberCheckDigit': 'This corporate number is not valid (check digit mismatch).',
  'field.invalidChoice': 'Choose one.',
  'field.consentRequired': 'You must agree to the privacy notice.',
  'field.invalidForm': 'The form has expired. Please submit it again.',
  'field.groupTooLarge': 'Up to 10 people including you can register in one form.',
  'field.groupOrganizationRequired': 'To register several people, enter your company or organization.',
  'field.groupMemberRegistered': 'This person is already registered for this seminar.',
  'field.groupMemberTwice': 'This person is entered twice in this form.',
  'errors.SEMINAR_NOT_FOUND': 'Seminar not found.',
  'errors.REGISTRATION_NOT_FOUND': 'Registration not found. Please check the link.',
  'errors.REGISTRATION_NOT_OPEN': 'Registration has not opened yet.',
  'errors.REGISTRATION_CLOSED': 'Registration has closed.',
  'errors.SEMINAR_FULL': 'The seminar is full; your registration could not be accepted.',
  'errors.DUPLICATE_EMAIL':
    'This email address is already registered for this seminar. Please use the link in the email we sent you.',
  'errors.CONTACT_REQUIRED':
    'Without an email address, enter an organization or a phone number (to tell people of the same name apart).',
  'errors.ALREADY_REGISTERED_HERE':
    'This person is already registered for this seminar (same email address or, without one, same name, reading and organization or phone). See the list of registrations.',
  'errors.MODE_NOT_OFFERED': 'This way of attending is not offered.',
  'errors.TOO_MANY_CHANGES': 'This registration was changed many times in a short while. Please try again in an hour.',
  'errors.ALREADY_CANCELLED': 'This registration is already cancelled.',
  'errors.RATE_LIMITED_EMAIL': {
    by: 'minutes',
    one: 'Too many registrations were sent with this email address in a short time, so they are paused. Please register again in about {minutes} minute (what you typed is kept).',
    other:
      'Too many registrations were sent with this email address in a short time, so they are paused. Please register again in about {minutes} minutes (what you typed is kept).',
  },
  'errors.RATE_LIMITED_ADDRESS': {
    by: 'minutes',
    one: 'Too many registrations were sent from your network in a short time, so they are paused. Please register again in about {minutes} minute (what you typed is kept).',
    other:
      'Too many registrations were sent from your network in a short time, so they are paused. Please register again in about {minutes} minutes (what you typed is kept).',
  },
  'errors.FORM_REFUSED': 'The form could not be accepted. Please reload the page and fill it in again.',
  'errors.CHANGE_CLOSED':
    'This registration can no longer be changed (it is cancelled, the seminar is cancelled, or its last session is over).',
  'errors.CHANGE_AFTER_CLOSE':
    'Registration has closed, so the way of attending and the sessions can no longer be changed. Other details can still be corrected. Please contact the organizer if you need to change them.',
  'errors.WAITLIST_CONSENT_REQUIRED':
    'The way of attending you chose is full. To give up your current seat (or place) and join its waiting list, tick the box below.',
  'errors.SESSION_CHOICE_REQUIRED': 'Choose at least one session.',
  // lottery seminars (docs/decisions/0049-lottery.md)
  'errors.LOTTERY_APPLICATIONS_CLOSED':
    'Applications for the lottery have closed (the draw is due or has been held). Your application was not taken.',
  'errors.LOTTERY_CONFIRM_CLOSED':
    'Your confirmation was not taken: the deadline has passed and the seat went to the next person, or there is nothing to confirm.',
  'errors.LOTTERY_NOT_SELECTED':
    'This application was not selected in the lottery, so it cannot be changed or cancelled.',
  'manage.status.APPLIED': 'Applied (waiting for the lottery)',
  'manage.status.NOT_SELECTED': 'Not selected',
  'manage.status.RESERVE': 'Reserve list (number {position})',
  'errors.LOTTERY_GROUP_MODE':
    'People who applied together are drawn together in one mode: one of them cannot change theirs alone. To change it, the contact person withdraws the application and applies again.',
  'lotteryEntry.fairness': 'How the lottery is drawn, and how to check it',
  'lotteryEntry.fairnessLead':
    'The lottery\'s seed (a random value) was fixed before applications opened; its SHA-256 is published below. At the draw, each application\'s number in the order of arrival gets the SHA-256 of "seed:number", and seats go in ascending order of those values (within the priority groups, if any) — method {method}. The seed and the record are published after the draw, so anyone can check that they give the same result.',
  'lotteryEntry.seedHash': 'SHA-256 of the seed',
  'lotteryEntry.seed': 'Seed (published after the draw)',
  'lotteryEntry.seedLater': 'The seed itself is published here after the draw.',
  'lotteryEntry.record': 'Record of the draw (JSON, nothing personal)',
  'lotteryEntry.badge': 'Lottery',
  'lotteryEntry.period': 'Lottery application period',
  'lotteryEntry.periodValue': '{from} to {to}',
  'lotteryEntry.drawAt': 'Lottery draw',
  'lotteryEntry.intro':
    'Seats at this seminar are drawn by lottery, not given first come. Applications made in the period are drawn on {date}, and we email you the result.',
  'lotteryEntry.drawn': 'The lottery was drawn on {date}. Seats left are now taken first come, first served.',
  'lotteryEntry.awaitingDraw':
    'Applications for the lottery have closed. The draw takes place shortly and applicants are emailed the result.',
  'lotteryEntry.apply': 'Apply for the lottery',
  'lotteryEntry.formNotice':
    'Seats at this seminar are drawn by lottery. Applications are taken until the draw on {date}; we email you whether you won a seat, are on the reserve list or were not selected.',
  'lotteryEntry.groupNote':
    'People applying together are drawn together: either all of them win a seat or none of them does.',
  'lotteryEntry.groupSubmit': { by: 'n', one: 'Apply for {n} person', other: 'Apply for {n} people' },
  'lotteryEntry.number': 'Lottery number',
  'lotteryEntry.registeredTitle': 'Your lottery application was received',
  'lotteryEntry.registeredLead':
    'We have sent a receipt of your application and a link to view, change or cancel it to the email address you entered. We will email you the result of the lottery too.',
  'lotteryEntry.appliedTitle': 'Your lottery application was received',
  'lotteryEntry.appliedBody':
    'You are waiting for the lottery. It is drawn on {date} and we email you the result. If you win a seat, you receive your reception slip (QR code).',
  'lotteryEntry.won': 'You won a seat in the lottery.',
  'lotteryEntry.reserve':
    'The lottery placed you on the reserve list (number {position}). If a seat frees up, people move up in order and we email you.',
  'lotteryEntry.notSelected': 'We are sorry: you were not selected in the lottery. Thank you for applying.',
  'lotteryEntry.confirmBy':
    'Please confirm your place with the button below by {date}. If you have not confirmed by then, the seat goes to the next person.',
  'lotteryEntry.confirm': 'Confirm my place',
  'lotteryEntry.confirmed': 'Your place is confirmed. Please show your reception slip (QR code) at the desk.',
  'form.sessions': 'Sessions you will attend',
  'errors.QUESTION_NOT_FOUND': 'This question was not found; it may have been deleted. Reload the page.',
  'errors.QUESTION_KIND_ANSWERED':
    'The kind of a question people answered cannot change. Add a new question for another kind of answer.',
  // The organizer's own questions in participant forms (docs/decisions/0046-questions.md)
  'answer.title': 'Questions from the organizer',
  'answer.yes': 'Yes',
  'answer.no': 'No',
  'answer.choose': 'Choose',
  'answer.manyHint': 'Choose all that apply.',
  'field.answerNumber': 'Enter a number (e.g. 12 or 1.5).',
  'field.answerControlChars': 'Contains characters that cannot be used (control characters).',
  'form.sessionsHint': 'Choose every session you will attend (at least one).',
  'manage.change': 'Change your registration',
  'change.title': 'Change your registration',
  'change.lead': 'Correct what has changed and press “Save changes”. We will email you the updated registration.',
  'change.emailFixed':
    'Your email address ({email}) identifies your registration and cannot be changed here. To use another address, cancel and register again with it.',
  'change.noEmail': 'No email address is registered, so no confirmation of the change is mailed.',
  'change.language': 'Language of our messages',
  'change.languageJa': '日本語',
  'change.languageEn': 'English',
  'change.modeNote':
    'If you change the way you attend, you give up your seat (or waiting-list place) in the current one; it goes to the next person. You get a seat in the new one if one is free, or the end of its waiting list if it is full.',
  'change.modeFull': ' (full: waiting list)',
  'change.modeFullNoWaitlist': ' (full: cannot be chosen)',
  'change.acceptWaitlist':
    'If the new way of attending is full, I agree to give up my current seat (or place) and join the end of its waiting list.',
  'change.closedNote':
    'Registration has closed: the way of attending and the sessions can no longer be changed (other details can).',
  'change.submit': 'Save changes',
  'change.back': 'Back without changing',
  'change.done': 'Your registration has been changed.',
  'change.doneWaitlisted': 'Your registration has been changed. You are on the waiting list (number {position}).',
  'change.nothing': 'Nothing was changed.',
  'errors.DUPLICATE_CODE': 'Please try again in a moment.',
  'errors.GROUP_MEMBER_CONFLICT':
    'Someone in this form is already registered, or entered twice (see below). Remove them and send the form again. Nobody has been registered yet.',
  'errors.GROUP_TOO_FEW_SEATS': {
    by: 'seats',
    one: 'Only {seats} seat is left: there is not enough room for everyone in this form ({people} too many). Please register fewer people. Nobody has been registered yet.',
    other:
      'Only {seats} seats are left: there is not enough room for everyone in this form ({people} too many). Please register fewer people. Nobody has been registered yet.',
  },
  'done.confirmedTitle': 'You are registered',
  'done.waitlistedTitle': 'You are on the waiting list',
  'done.confirmedBody': 'Please show the reception slip (QR code) below at the reception desk.',
  'done.waitlistedBody': 'You are number {position}. If a seat frees up you move up automatically and we email you.',
  'done.manageLink': 'You can view, change or cancel your registration on this page. Do not share its address.',
  'done.openManage': 'View, change or cancel your registration',
  'manage.title': 'Your registration',
  'manage.status': 'Status',
  'manage.status.CONFIRMED': 'Confirmed',
  'manage.status.WAITLISTED': 'Waiting list (number {position})',
  'manage.status.CANCELLED': 'Cancelled',
  'manage.code': 'Registration code',
  'manage.qrAlt': 'Reception slip QR code (registration code {code})',
  'manage.slip': 'Reception slip',
  'manage.slipHint': 'Show this QR code at the reception desk.',
  'manage.slipWaiting':
    'You are number {position} on the waiting list, so there is no reception slip (QR code) yet. Once you move up and your place is confirmed, we email it to you and show it on this page.',
  'manage.onlineUrl': 'Link to join',
  'manage.cancel': 'Cancel this registration',
  'manage.cancelTitle': 'Confirm cancellation',
  'manage.cancelQuestion': 'You are about to cancel this registration. Are you sure?',
  'manage.cancelWaitlistNote': 'Your place on the waiting list will be given up.',
  'manage.cancelConfirm': 'Yes, cancel it',
  'manage.cancelKeep': 'No, keep it',
  'manage.cancelled': 'Your registration has been cancelled.',
  'manage.cancelledAt': 'Cancelled at',
  'manage.registerAgain': 'Register again',
  'manage.registeredAt': 'Registered at',
  'manage.group.title': 'People in your registration',
  'manage.group.intro': {
    by: 'n',
    one: 'You registered this person as their contact person. Open the slip to view or print it.',
    other: 'You registered these {n} people as their contact person. Open each slip to view or print it.',
  },
  'manage.group.you': '(you)',
  'manage.group.slip': 'Slip',
  'manage.group.manage': 'Cancel people of your group',
  'manage.group.cancelTitle': 'Cancel people of your group',
  'manage.group.cancelIntro':
    'Press "Cancel" beside each person who will not come. It takes effect at once, and the seat goes to the waiting list.',
  'manage.group.cancelMember': 'Cancel {name}',
  'manage.group.cancelAll': 'Cancel everyone',
  'manage.group.cancelled': { by: 'n', one: '{n} registration cancelled.', other: '{n} registrations cancelled.' },
  'manage.group.back': 'Back to the registration',
  'privacy.title': 'Privacy notice',
  'privacy.body1':
    'The personal data you give when registering is used only to run the seminar (reception, contact, attendance records) and to count program results (numbers of people and companies, never identifying anyone).',
  'privacy.body2':
    'It is not given to third parties without your consent unless the law requires it. Personal data past its retention period is deleted or anonymized.',
  'privacy.body3': 'You can view, change or cancel your registration through the link in the email we send you.',
  'privacy.retention':
    'Personal data (name, furigana, email address and the like) is kept for the period each program sets (normally three fiscal years) after the end of the fiscal year in which the seminar was held, and deleted from the following 1 April. Totals such as the number of participants and companies remain, without identifying anyone.',
  'privacy.request':
    'If you ask us to delete your personal data, we delete it from all your registrations, even within the retention period. Please contact the organizer.',
  // the accessibility policy (JIS X 8341-3, みんなの公共サイト運用ガイドライン)
  'a11y.title': 'Web accessibility policy',
  'a11y.policy':
    '{office} works to make and keep this site accessible, so that everyone, older people and people with disabilities included, can find a seminar, register, and view, change or cancel their registration here, and so that staff can do their reception and reporting work without barriers.',
  'a11y.scopeTitle': 'Scope',
  'a11y.scope':
    'Every page of this site ({site}): the public pages (the seminar list and each seminar, the registration form, viewing, changing and cancelling a registration, the check-in helper’s pages) and the staff console. The pages are listed below under “Pages tested”.',
  'a11y.scopeExcluded':
    'Files to download (CSV, Excel, calendar .ics files) and the external sites linked from here (online meeting services and the like) are not covered.',
  'a11y.targetTitle': 'Target',
  'a11y.target': 'Conformance with JIS X 8341-3:2016 at level AA.',
  'a11y.targetNote':
    'No test in which a person checks every success criterion one by one has been made yet, so no conformance (full or partial) is claimed. The results below are the method and outcome of the tests made so far.',
  'a11y.resultsTitle': 'Test results',
  'a11y.date': 'Date of the test',
  'a11y.method': 'Method',
  'a11y.methodAxe':
    'Automated test: axe-core {version} with the level A and AA rules of WCAG 2.1 (including WCAG 2.0, which JIS X 8341-3:2016 is identical to; tags {tags}) on every page below, in Japanese and in English, at widths of {widths}',
  'a11y.methodKeyboard':
    'Keyboard-only tests (Tab, Shift+Tab, Enter, Space): in the following tasks, focus reaches every field and the submit button in order, and where the focus is can be seen',
  'a11y.keyboard.registration': 'Registering for a seminar (list → seminar → registration form → done)',
  'a11y.keyboard.checkin': 'Checking someone in at the door by searching for their name',
  'a11y.keyboard.seminarForm': 'Creating a seminar and a session in the console',
  'a11y.keyboard.attendanceSheet': 'Recording attendance on the console’s attendance sheet',
  'a11y.result': 'Result',
  'a11y.resultAxeNone': 'Automated test: no violation found ({pages} pages).',
  'a11y.resultAxe': {
    one: 'Automated test: {count} violation found ({pages} pages).',
    other: 'Automated test: {count} violations found ({pages} pages).',
  },
  'a11y.resultKeyboard': 'Keyboard-only tests: every task could be completed with the keyboard alone.',
  'a11y.resultKeyboardFailed': 'Keyboard-only tests: some tasks could not be completed with the keyboard alone.',
  'a11y.resultPending': 'The result of this test is not final yet.',
  'a11y.resultNote':
    'An automated test checks only part of the success criteria. Whether a text alternative says what the image shows, or whether the wording is clear, needs a person to check.',
  'a11y.pages': 'Pages tested ({count})',
  'a11y.publicPages': 'Public pages',
  'a11y.consolePages': 'Staff console',
  'a11y.contactTitle': 'Contact',
  'a11y.contact': 'If something on this site is hard to use or to understand, please tell {office}.',
  'privacy.contactTitle': 'Contact',
  'privacy.contact': 'For questions about your personal data or to ask us to delete it, please contact {office}.',
  'policy.email': 'Email: ',
  'field.codeTaken': 'This code is already used.',
  // the survey after a seminar (docs/decisions/0047-surveys.md)
  'survey.title': 'Survey',
  'survey.sessionOf': 'session {n}',
  'survey.lead': 'Thank you for attending. Please answer this short survey: it helps us plan future seminars.',
  'survey.closesAt': 'Answers are taken until {date}.',
  'survey.anonymous': 'This survey is anonymous: your answers are stored without your name or email address.',
  'survey.named': 'The organizer reads your answers together with your registration.',
  'survey.submit': 'Send your answers',
  'survey.thanks': 'Thank you for your answers.',
  'survey.answered': 'You have already answered this survey. Thank you.',
  'survey.closed': 'This survey is closed.',
  'errors.SURVEY_ALREADY_ANSWERED': 'You have already answered this survey. It takes one answer per person.',
  'errors.SURVEY_CLOSED': 'This survey is closed. Your answers were not stored.',
  'errors.SURVEY_ANONYMITY_FIXED':
    'The survey has answers, so whether it is anonymous can no longer change: answers given anonymously must never be linked to names.',

  // certificates (docs/decisions/0051-certificates.md)
  'certificate.title': 'Certificates of attendance and completion',
  'certificate.link': 'Get your certificate',
  'certificate.lead':
    'If your attendance is recorded, you can download a certificate of attendance (PDF). If you met the completion rule of the series, a certificate of completion too. Each certificate carries a verification code.',
  'certificate.kind.ATTENDANCE': 'Certificate of attendance',
  'certificate.kind.COMPLETION': 'Certificate of completion',
  'certificate.download': 'Download the {kind} (PDF)',
  'certificate.attendedCount': 'Attendance recorded: {count} of {total} sessions',
  'certificate.sessionRow': 'Session {number}, {date}',
  'certificate.attended': 'attended',
  'certificate.notAttended': 'not recorded',
  'certificate.notCompletedYet': 'The certificate of completion is available once the completion rule is met.',
  'certificate.back': 'Back to your registration',
  'verify.title': 'Certificate verification',
  'verify.valid': 'A certificate with this code was issued.',
  'verify.code': 'Code',
  'verify.kind': 'Kind',
  'verify.initials': 'Holder (initials)',
  'verify.seminar': 'Course',
  'verify.dates': 'Dates',
  'verify.issuedAt': 'Issued on',
  'verify.anonymized':
    "The holder's personal data has since been removed (retention period over or deletion request). Only that this certificate was issued can be confirmed.",
  'verify.note': 'This page confirms that a certificate is genuine. The holder is shown by initials only.',
  'verify.notFoundTitle': 'Certificate not found',
  'verify.notFound': 'No certificate has this code. Please check the code printed on the certificate.',
  'errors.CERTIFICATE_NOT_ATTENDED':
    'No attendance is recorded for you, so no certificate can be issued. If you think the record is wrong, please contact the organizer.',
  'errors.CERTIFICATE_NOT_COMPLETED':
    'The completion rule of the series is not met, so no certificate of completion can be issued (a certificate of attendance can).',
  'errors.CERTIFICATE_NOT_CONFIRMED':
    'This registration is not confirmed (cancelled, on the waiting list or not drawn), so no certificate can be issued.',
  'errors.CERTIFICATE_ANONYMIZED': 'The retention period of your personal data is over: no certificate can be issued.',
  // paging of long lists, the public seminar list's and the console's (app/components/records/pager.tsx)
  'paging.label': 'Pages',
  'paging.labelOf': 'Pages of {list}',
  'paging.range': '{first}–{last} of {total}',
  'paging.total': { one: '{count} item', other: '{count} items' },
  'paging.previous': 'Previous',
  'paging.next': 'Next',
  'paging.page': 'Page {page} of {count}',
}
