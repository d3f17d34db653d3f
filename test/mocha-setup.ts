// Loaded by both mocha configurations before any test file. The test process is a program of our own, like the
// CLIs: the AWS SDK's Node-version advice (printed once, when the first emulator client is built) is not a
// test result. Processes the tests start (the CLIs, the bot) install the same filter themselves, and tests
// check their output for it.
import { filterSdkNodeVersionWarning } from '@devsecops/shared/aws';

filterSdkNodeVersionWarning();
