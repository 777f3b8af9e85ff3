/**
 * Uploads a file for import to `POST /api/imports/uploads`, reporting progress (fetch cannot
 * report an upload's progress; XMLHttpRequest can). Refusals come back in the server's words.
 */
export interface UploadedFile {
  uploadId: string;
  fileName: string;
  bytes: number;
}

export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/imports/uploads?name=${encodeURIComponent(file.name)}`);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: { error?: string } & Partial<UploadedFile> = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // An answer that is not JSON (a proxy's error page) is reported by its status below.
      }
      if (request.status === 200 && body.uploadId) resolve(body as UploadedFile);
      else reject(new Error(body.error ?? `The upload failed (HTTP ${request.status}). Please try again.`));
    };
    request.onerror = () => reject(new Error('The upload was interrupted. Check your connection and try again.'));
    request.send(file);
  });
}
