// The tool's version, reported by --version and recorded in every report.
export const version = '0.1.0';
