/** The signed-in home: the verified identity (GET /me), the greeting (GET /hello) and the books. */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { bookInputFromFields, fieldsFromBook, type ApiClient, type Book, type BookFields, type Me } from './api';
import { BookForm, ErrorMessage, Heading } from './ui';
import { bookPath, linkHandler } from './router';

export function Home({ api, username }: { api: ApiClient; username: string }) {
  return (
    <>
      <Heading id="home-title">Hello, {username}</Heading>
      <Identity api={api} />
      <Greeting api={api} username={username} />
      <Books api={api} />
    </>
  );
}

function Identity({ api }: { api: ApiClient }) {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api.me().then(setMe, setError);
  }, [api]);
  const c = me?.claims;
  return (
    <section aria-labelledby="identity-title" className="card">
      <h2 id="identity-title">Your verified identity</h2>
      <p className="hint">What the API received from the edge after it checked your token (GET /api/me).</p>
      {error !== undefined && <ErrorMessage error={error} />}
      {!me && error === undefined && <p role="status">Loading…</p>}
      {me && !c && <p>The API received no verified claims.</p>}
      {c && (
        <dl className="facts">
          <dt>Username</dt>
          <dd data-testid="me-username">{c.username ?? '—'}</dd>
          <dt>Groups</dt>
          <dd data-testid="me-groups">{c.groups.length > 0 ? c.groups.join(', ') : 'none'}</dd>
          {c.email && (
            <>
              <dt>Email</dt>
              <dd>{c.email}</dd>
            </>
          )}
          <dt>Subject</dt>
          <dd className="mono">{c.sub}</dd>
          <dt>Token</dt>
          <dd>
            {c.tokenUse} token{c.scopes.length > 0 && <>, scopes {c.scopes.join(' ')}</>}
          </dd>
          <dt>Expires</dt>
          <dd>{new Date(c.exp * 1000).toLocaleString()}</dd>
          <dt>Issuer</dt>
          <dd className="mono">{c.issuer}</dd>
          {me.iam?.userArn && (
            <>
              <dt>Signed by</dt>
              <dd className="mono">{me.iam.userArn}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function Greeting({ api, username }: { api: ApiClient; username: string }) {
  const [name, setName] = useState(username);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const id = useId();
  const ask = useCallback(
    async (who: string) => {
      setError(undefined);
      try {
        setMessage((await api.hello(who)).message);
      } catch (err) {
        setMessage('');
        setError(err);
      }
    },
    [api],
  );
  useEffect(() => {
    // Greet the signed-in user once on arrival.
    void ask(username);
  }, [ask, username]);
  const greet = (e: FormEvent) => {
    e.preventDefault();
    void ask(name);
  };
  return (
    <section aria-labelledby="greeting-title" className="card">
      <h2 id="greeting-title">Greeting</h2>
      <form className="inline-form" onSubmit={greet}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </div>
        <button type="submit" className="primary">
          Greet
        </button>
      </form>
      <p role="status" className="greeting" data-testid="greeting">
        {message}
      </p>
      {error !== undefined && <ErrorMessage error={error} />}
    </section>
  );
}

function Books({ api }: { api: ApiClient }) {
  const [books, setBooks] = useState<Book[]>();
  const [nextCursor, setNextCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [formError, setFormError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const page = await api.listBooks(cursor);
        setBooks((old) => (cursor ? [...(old ?? []), ...page.items] : [...page.items]));
        setNextCursor(page.nextCursor);
        setError(undefined);
      } catch (e) {
        setError(e);
      }
    },
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (fields: BookFields) => {
    setFormError(undefined);
    try {
      const book = await api.createBook(bookInputFromFields(fields));
      setBooks((old) => [...(old ?? []), book]);
      setStatus(`Added “${book.title}”.`);
      return true;
    } catch (e) {
      setFormError(e);
      return false;
    }
  };
  const replaced = (book: Book) => {
    setBooks((old) => old?.map((b) => (b.id === book.id ? book : b)));
    setStatus(`Saved “${book.title}”.`);
  };
  const deleted = (book: Book) => {
    setBooks((old) => old?.filter((b) => b.id !== book.id));
    setStatus(`Deleted “${book.title}”.`);
    // The row (and its focused button) is gone: continue from the section's heading.
    heading.current?.focus();
  };

  return (
    <section aria-labelledby="books-title" className="card">
      <h2 id="books-title" ref={heading} tabIndex={-1}>
        Books
      </h2>
      <p role="status" className="status" data-testid="books-status">
        {status}
      </p>
      {error !== undefined && <ErrorMessage error={error} />}
      {books === undefined && error === undefined && <p>Loading…</p>}
      {books !== undefined && books.length === 0 && <p>No books yet.</p>}
      {books !== undefined && books.length > 0 && (
        <ul className="book-list" aria-label="Books">
          {books.map((book) => (
            <BookRow key={book.id} api={api} book={book} onSaved={replaced} onDeleted={deleted} />
          ))}
        </ul>
      )}
      {nextCursor && (
        <button type="button" className="secondary" onClick={() => void load(nextCursor)}>
          Load more books
        </button>
      )}
      <h3>Add a book</h3>
      {formError !== undefined && <ErrorMessage error={formError} />}
      <BookForm submitLabel="Add book" onSubmit={create} />
    </section>
  );
}

function BookRow({ api, book, onSaved, onDeleted }: { api: ApiClient; book: Book; onSaved: (b: Book) => void; onDeleted: (b: Book) => void }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    // Back from the form (saved or cancelled): focus returns to the button that opened it.
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const save = async (fields: BookFields) => {
    setError(undefined);
    try {
      onSaved(await api.updateBook(book.id, bookInputFromFields(fields)));
      setEditing(false);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete “${book.title}”?`)) return;
    setError(undefined);
    try {
      onDeleted(await api.deleteBook(book.id));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <li className="book" data-testid="book" data-book-id={book.id}>
      {editing ? (
        <>
          <h3 className="book-title">Edit “{book.title}”</h3>
          {error !== undefined && <ErrorMessage error={error} />}
          <BookForm initial={fieldsFromBook(book)} submitLabel="Save" onSubmit={save} onCancel={() => setEditing(false)} autoFocus />
        </>
      ) : (
        <>
          <h3 className="book-title">
            <a href={bookPath(book.id)} onClick={linkHandler(bookPath(book.id))}>
              {book.title}
            </a>
          </h3>
          <p className="book-meta">
            {book.author}
            {book.year !== undefined && <>, {book.year}</>}
            {book.isbn && <> · ISBN {book.isbn}</>}
          </p>
          <div className="actions">
            <button type="button" className="secondary" ref={editButton} onClick={() => setEditing(true)} aria-label={`Edit “${book.title}”`}>
              Edit
            </button>
            <button type="button" className="danger" onClick={() => void remove()} aria-label={`Delete “${book.title}”`}>
              Delete
            </button>
          </div>
          {error !== undefined && <ErrorMessage error={error} />}
        </>
      )}
    </li>
  );
}
