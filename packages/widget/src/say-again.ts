/**
 * The words to put in a live region that holds `shown`: the same words again
 * end in a no-break space, so that the region changes and a screen reader
 * says them again ("ok", then "ok"; a second "Link copied").
 */
export const sayAgain = (text: string, shown: string): string => (text === shown ? `${text}\u00a0` : text);
