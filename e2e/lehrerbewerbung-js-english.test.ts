import { teacherRoundJourney } from './helpers/teacher-round.js';
import { variants } from './helpers/variants.js';

// The teacher round with JavaScript, in English; the other variant is lehrerbewerbung.test.ts.
teacherRoundJourney(variants[1]!);
