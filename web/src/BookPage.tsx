/** One book at `/books/<id>` (a deep link): its details, an edit form and delete. */
import { useEffect, useState } from 'react';
import { bookInputFromFields, fieldsFromBook, type ApiClient, type Book, type BookFields } from './api';
import { BookForm, ErrorMessage, Heading } from './ui';
import { linkHandler, navigate } from './router';

export function BookPage({ api, id }: { api: ApiClient; id: string }) {
  const [book, setBook] = useState<Book>();
  const [loadError, setLoadError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    api.getBook(id).then(setBook, setLoadError);
  }, [api, id]);

  const save = async (fields: BookFields) => {
    setError(undefined);
    try {
      const saved = await api.updateBook(id, bookInputFromFields(fields));
      setBook(saved);
      setFormKey((k) => k + 1);
      setStatus(`Saved “${saved.title}”.`);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const remove = async () => {
    if (!book || !window.confirm(`Delete “${book.title}”?`)) return;
    setError(undefined);
    try {
      await api.deleteBook(id);
      navigate('/');
    } catch (e) {
      setError(e);
    }
  };

  const back = (
    <p>
      <a href="/" onClick={linkHandler('/')}>
        ← All books
      </a>
    </p>
  );
  if (loadError !== undefined) {
    return (
      <section aria-labelledby="book-title">
        <Heading id="book-title">Book not available</Heading>
        <ErrorMessage error={loadError} />
        {back}
      </section>
    );
  }
  if (!book) return <p role="status">Loading…</p>;
  return (
    <section aria-labelledby="book-title">
      {back}
      <Heading id="book-title">{book.title}</Heading>
      <dl className="facts card">
        <dt>Author</dt>
        <dd>{book.author}</dd>
        <dt>Year</dt>
        <dd>{book.year ?? '—'}</dd>
        <dt>ISBN</dt>
        <dd>{book.isbn ?? '—'}</dd>
        <dt>Added</dt>
        <dd>{new Date(book.createdAt).toLocaleString()}</dd>
        <dt>Changed</dt>
        <dd>{new Date(book.updatedAt).toLocaleString()}</dd>
      </dl>
      <p role="status" className="status">
        {status}
      </p>
      {error !== undefined && <ErrorMessage error={error} />}
      <div className="card">
        <h2>Edit this book</h2>
        <BookForm key={formKey} initial={fieldsFromBook(book)} submitLabel="Save changes" onSubmit={save} />
      </div>
      <div className="actions">
        <button type="button" className="danger" onClick={() => void remove()}>
          Delete this book
        </button>
      </div>
    </section>
  );
}
