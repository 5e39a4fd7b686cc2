import { render } from 'solid-js/web';
import { App } from './app.tsx';
import { applyTheme } from './stores/theme.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
applyTheme();
render(() => <App />, root);
