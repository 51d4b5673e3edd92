import { Component, type ReactNode } from 'react';

interface Props {
  /** Shown above the retry button; a plain string so a crash in i18n cannot take it down too. */
  title: string;
  retry: string;
  children: ReactNode;
}

/** Keeps one panel's crash inside that panel: the page never goes blank. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error) {
    console.warn('panel crashed:', error);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="panel crash" role="alert">
        <p>{this.props.title}</p>
        <pre className="crash-message">{String(this.state.error.message)}</pre>
        <button type="button" onClick={() => this.setState({ error: null })}>
          {this.props.retry}
        </button>
      </div>
    );
  }
}
