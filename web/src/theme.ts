import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** Guinda institucional (#691C32 at shade 7). */
const guinda: MantineColorsTuple = ['#fbeef1', '#f1d7de', '#e3aebb', '#d48396', '#c35f77', '#a94060', '#8a2a47', '#691c32', '#561628', '#3f0f1d'];
/** Deep green accent (#1e5b4f at shade 7). */
const verde: MantineColorsTuple = ['#e9f5f2', '#cfe7e0', '#a2d0c4', '#72b7a6', '#4a9e8b', '#2f8371', '#236b5c', '#1e5b4f', '#174a40', '#0f3630'];

/** Sereno's Mantine theme: restrained, dense, readable. */
export const theme = createTheme({
  primaryColor: 'guinda',
  primaryShade: 7,
  colors: { guinda, verde },
  fontFamily: '"Noto Sans", "Source Sans 3", "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  headings: { fontFamily: '"Noto Sans", "Source Sans 3", "Segoe UI", Roboto, Helvetica, Arial, sans-serif', fontWeight: '650' },
  defaultRadius: 'sm',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', striped: true, highlightOnHover: true, withTableBorder: true } },
    TextInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm', comboboxProps: { withinPortal: true } } },
    Button: { defaultProps: { size: 'sm' } },
  },
});

/**
 * Contrast fixes (WCAG AA 4.5:1 for small text): Mantine's default dimmed text (gray.6, 3.3:1 on white) and
 * placeholder (gray.5) are too light for a tool read all day; these are ≥ 4.6:1 on white and on the page background.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#575e65',
    '--mantine-color-placeholder': '#676e75',
  },
  dark: {},
});
