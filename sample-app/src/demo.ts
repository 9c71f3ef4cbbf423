import { runTour } from './tour.js';

// `npm run demo`: exits 0 when every message was delivered, 1 otherwise.
runTour().then(
  ({ delivered, lost }) => {
    process.exitCode = delivered > 0 && lost === 0 ? 0 : 1;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
