/** The application: one route per page, each loaded on demand so the first load stays small. */
import { Route, Router } from '@solidjs/router';
import { lazy, type Component } from 'solid-js';
import { Layout } from './components/layout.tsx';

const Lobby = lazy(() => import('./routes/lobby.tsx'));
const CreateRoom = lazy(() => import('./routes/create-room.tsx'));
const Room = lazy(() => import('./routes/room.tsx'));
const Personas = lazy(() => import('./routes/personas.tsx'));
const Providers = lazy(() => import('./routes/providers.tsx'));
const SignIn = lazy(() => import('./routes/sign-in.tsx'));
const SignUp = lazy(() => import('./routes/sign-up.tsx'));
const Admin = lazy(() => import('./routes/admin.tsx'));
const Leaderboard = lazy(() => import('./routes/leaderboard.tsx'));
const NotFound = lazy(() => import('./routes/not-found.tsx'));

/** Every page of the site under the shared layout. */
export const App: Component = () => (
  <Router root={Layout}>
    <Route path="/" component={Lobby} />
    <Route path="/rooms/new" component={CreateRoom} />
    <Route path="/rooms/:id" component={Room} />
    <Route path="/personas" component={Personas} />
    <Route path="/providers" component={Providers} />
    <Route path="/sign-in" component={SignIn} />
    <Route path="/sign-up" component={SignUp} />
    <Route path="/leaderboard" component={Leaderboard} />
    <Route path="/admin" component={Admin} />
    <Route path="*" component={NotFound} />
  </Router>
);
