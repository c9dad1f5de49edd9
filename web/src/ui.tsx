/** Small shared pieces: the focused page heading, API error messages, the book form. */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { ApiError, EMPTY_BOOK_FIELDS, type BookFields } from './api';

/** The page's h1, focused when the page opens (screen readers announce the new page; keyboard users start there). */
export function Heading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** An API error as the API worded it, with its status and code. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  if (error instanceof ApiError) {
    return (
      <div role="alert" className="error" id={id}>
        <p>{error.message}</p>
        <p className="error-detail">{error.status === 0 ? error.code : `HTTP ${error.status} · ${error.code}`}</p>
      </div>
    );
  }
  return (
    <p role="alert" className="error" id={id}>
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

export function BookForm({
  initial = EMPTY_BOOK_FIELDS,
  submitLabel,
  onSubmit,
  onCancel,
  autoFocus = false,
  firstFieldRef,
}: {
  initial?: BookFields;
  submitLabel: string;
  /** Resolves true when saved (the form empties if it started empty). */
  onSubmit: (fields: BookFields) => Promise<boolean>;
  onCancel?: () => void;
  autoFocus?: boolean;
  firstFieldRef?: RefObject<HTMLInputElement | null>;
}) {
  const [fields, setFields] = useState<BookFields>(initial);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const ownRef = useRef<HTMLInputElement>(null);
  const titleRef = firstFieldRef ?? ownRef;
  useEffect(() => {
    if (autoFocus) titleRef.current?.focus();
  }, [autoFocus, titleRef]);

  const set = (name: keyof BookFields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const saved = await onSubmit(fields).finally(() => setBusy(false));
    if (saved && initial === EMPTY_BOOK_FIELDS) {
      setFields(EMPTY_BOOK_FIELDS);
      titleRef.current?.focus();
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      onCancel();
    }
  };
  return (
    <form className="book-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} aria-busy={busy}>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} ref={titleRef} name="title" required value={fields.title} onChange={set('title')} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-author`}>Author</label>
        <input id={`${id}-author`} name="author" required value={fields.author} onChange={set('author')} autoComplete="off" />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-year`}>
            Year <span className="optional">(optional)</span>
          </label>
          <input id={`${id}-year`} name="year" inputMode="numeric" value={fields.year} onChange={set('year')} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-isbn`}>
            ISBN <span className="optional">(optional)</span>
          </label>
          <input id={`${id}-isbn`} name="isbn" value={fields.isbn} onChange={set('isbn')} autoComplete="off" />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
