import { Alert, Button } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import i18n from '../i18n';

interface Props { children: ReactNode; resetKey?: unknown }
interface State { error: Error | null; key: unknown }

/** Catches render errors and failed lazy chunks in a page without taking down the shell; resets on navigation. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Loading chunk|Importing a module script failed/i.test(this.state.error.message);
    return (
      <Alert color="red" variant="light" role="alert" title={i18n.t('common.errorTitle')}>
        {chunk ? i18n.t('errors.chunk') : this.state.error.message}
        <div>
          <Button mt="sm" size="xs" variant="outline" color="red" onClick={() => window.location.reload()}>{i18n.t('common.retry')}</Button>
        </div>
      </Alert>
    );
  }
}
