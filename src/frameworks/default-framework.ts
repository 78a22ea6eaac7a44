// The framework a command uses when none is named: its own module so that the CLI's option defaults
// and help do not load the framework files and their validation.
export const DEFAULT_FRAMEWORK_KEY = 'dien-bien-xa-2023';

/** The national framework (Quyết định 766/QĐ-TTg): what a province without its own framework is evaluated under, as `qd766-2022@<code>`. */
export const NATIONAL_FRAMEWORK_KEY = 'qd766-2022';
