import { Layout } from '../layout';

/** The login form: the admin token goes in the body of a POST, never in a URL. */
export function LoginPage(props: { next: string; error?: string }) {
  return (
    <Layout title="Log in">
      <section class="login card">
        <h1>Log in</h1>
        <p>Enter the gateway's admin token (the <code>HEIMDALL_ADMIN_TOKEN</code> secret; <code>npm start</code> prints the local one).</p>
        <form method="post" action="/ui/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Admin token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required autofocus aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? 'login-error' : undefined} />
          {props.error && (
            <p id="login-error" class="error" role="alert">
              {props.error}
            </p>
          )}
          <button type="submit" class="primary">Log in</button>
        </form>
      </section>
    </Layout>
  );
}
