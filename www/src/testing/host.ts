// The three containers a Scene draws into, mounted fresh in the jsdom document for a test.

export interface SceneHost {
  stage: HTMLElement;
  logs: HTMLElement;
  feed: HTMLElement;
}

export function mountSceneHost(): SceneHost {
  document.body.innerHTML = '<div id="stage"></div><div id="logs"></div><div id="feed"></div>';
  const get = (id: string): HTMLElement => {
    const el = document.getElementById(id);
    if (el === null) throw new Error(`no #${id}`);
    return el;
  };
  return { stage: get('stage'), logs: get('logs'), feed: get('feed') };
}
