import { teacherRoundJourney } from './helpers/teacher-round.js';
import { variants } from './helpers/variants.js';

// The teacher round without JavaScript, in German; the other variant is lehrerbewerbung-js-english.test.ts.
teacherRoundJourney(variants[0]!);
