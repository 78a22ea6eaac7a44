// The framework a command uses when none is named: its own module so that the CLI's option defaults
// and help do not load the framework files and their validation.
export const DEFAULT_FRAMEWORK_KEY = 'dien-bien-xa-2023';
