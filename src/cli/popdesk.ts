#!/usr/bin/env node
// The executable: the only module that does something when loaded.
import { main } from './main.js';

await main();
