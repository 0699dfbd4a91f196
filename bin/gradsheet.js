#!/usr/bin/env node
// The installed command. A committed shim, so npm can link it before `prepare` has built dist/.
import { runFromProcess } from "../dist/src/cli/main.js";

runFromProcess();
