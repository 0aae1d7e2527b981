/** Without --suite the check is the suite `logs` in the current directory: baselines/logs.baseline.yaml. */
export const CHECK_SUITE_NAME = 'logs';
